import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createServer, get as httpGet, type IncomingHttpHeaders, type Server } from "node:http"
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https"
import { type AddressInfo, connect as netConnect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { isOpenMetrics, scrapeAcceptHeader, scrapeHttp } from "./scrape-http.ts"

let server: Server
let base = ""
let lastHeaders: IncomingHttpHeaders = {}
beforeAll(async () => {
  server = createServer((req, res) => {
    lastHeaders = req.headers
    if (req.url === "/metrics")
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end("m 1\n")
    else if (req.url === "/gzip") res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync("m 2\n"))
    else if (req.url === "/big") res.writeHead(200).end("x".repeat(10_000))
    else if (req.url === "/slow") setTimeout(() => res.writeHead(200).end("m 1\n"), 2000)
    else if (req.url === "/nocontent") res.writeHead(204).end()
    else if (req.url === "/moved") res.writeHead(301, { location: "/metrics" }).end("moved")
    else if (req.url?.startsWith("/loop")) res.writeHead(302, { location: `/loop${req.url.length}` }).end()
    else res.writeHead(500).end("boom")
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const http = (yaml = "") =>
  parsePrometheusConfig(`scrape_configs:\n  - job_name: x\n${yaml}`).scrapeConfigs[0].http
const req = (path: string, over: Partial<Parameters<typeof scrapeHttp>[0]> = {}) =>
  scrapeHttp({
    url: base + path,
    timeoutMs: 1000,
    bodySizeLimitBytes: 0,
    http: http(),
    userAgent: "Vesta/test",
    ...over
  })

describe("scrapeHttp", () => {
  it.each([
    [
      "follows a redirect (follow_redirects defaults to true)",
      "",
      "/moved",
      { ok: true, contentType: "text/plain; version=0.0.4", body: Buffer.from("m 1\n") }
    ],
    [
      "reports it with follow_redirects: false",
      "    follow_redirects: false\n",
      "/moved",
      { ok: false, error: "server returned HTTP status 301 Moved Permanently" }
    ],
    [
      "stops after 10 redirects, as Go's client",
      "",
      "/loop",
      {
        ok: false,
        error: expect.stringMatching(/^Get "http:\/\/127\.0\.0\.1:\d+\/loop\d+": stopped after 10 redirects$/)
      }
    ]
  ])("redirect: %s", async (_, yaml, path, expected) => {
    expect(await req(path, { http: http(yaml) })).toEqual(expected)
  })
  it("sends Prometheus's headers and returns body and content type", async () => {
    const r = await req("/metrics")
    expect(r).toEqual({ ok: true, contentType: "text/plain; version=0.0.4", body: Buffer.from("m 1\n") })
    expect(lastHeaders.accept).toBe(scrapeAcceptHeader)
    expect(lastHeaders["accept-encoding"]).toBe("gzip")
    expect(lastHeaders["x-prometheus-scrape-timeout-seconds"]).toBe("1")
    expect(lastHeaders["user-agent"]).toBe("Vesta/test")
  })
  it("gunzips", async () => {
    expect(await req("/gzip")).toMatchObject({ ok: true, body: Buffer.from("m 2\n") })
  })
  it("sends basic auth and bearer credentials", async () => {
    await req("/metrics", { http: http("    basic_auth: {username: u, password: p}\n") })
    expect(lastHeaders.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`)
    await req("/metrics", { http: http("    authorization: {credentials: tok}\n") })
    expect(lastHeaders.authorization).toBe("Bearer tok")
  })
  it.each([
    ["/error", {}, "server returned HTTP status 500 Internal Server Error"],
    ["/nocontent", {}, "server returned HTTP status 204 No Content"],
    ["/big", { bodySizeLimitBytes: 100 }, "body size limit exceeded"]
  ])("%s fails with %j", async (path, over, error) => {
    expect(await req(path, over)).toEqual({ ok: false, error })
  })
  it("times out like Prometheus", async () => {
    expect(await req("/slow", { timeoutMs: 200 })).toEqual({
      ok: false,
      error: `Get "${base}/slow": context deadline exceeded`
    })
  })
  it("picks the parser from the media type only", () => {
    expect(isOpenMetrics("application/openmetrics-text; version=1.0.0; charset=utf-8")).toBe(true)
    expect(isOpenMetrics("text/plain; version=0.0.4")).toBe(false)
    expect(isOpenMetrics("")).toBe(false)
  })
})

describe("scrapeHttp over TLS (tls_config)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vesta-scrape-tls-"))
  let tlsBase = ""
  let tlsServer: HttpsServer
  let tls13Base = ""
  let tls13Server: HttpsServer
  beforeAll(async () => {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", join(dir, "key.pem")].concat(
        ["-out", join(dir, "cert.pem"), "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"]
      ),
      { stdio: "ignore" }
    )
    // A server that speaks at most TLS 1.2, to tell whether min_version reaches the client.
    tlsServer = createHttpsServer(
      {
        key: readFileSync(join(dir, "key.pem")),
        cert: readFileSync(join(dir, "cert.pem")),
        maxVersion: "TLSv1.2"
      },
      (_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("m 1\n")
    )
    await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", () => r()))
    tlsBase = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`
    tls13Server = createHttpsServer(
      {
        key: readFileSync(join(dir, "key.pem")),
        cert: readFileSync(join(dir, "cert.pem")),
        minVersion: "TLSv1.3"
      },
      (_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("m 1\n")
    )
    await new Promise<void>((r) => tls13Server.listen(0, "127.0.0.1", () => r()))
    tls13Base = `https://127.0.0.1:${(tls13Server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    tlsServer.close()
    tls13Server.close()
    rmSync(dir, { recursive: true, force: true })
  })
  it("goes through proxy_url: absolute-form GET for http, CONNECT for https, proxy credentials sent", async () => {
    const seen: string[] = []
    const proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers["proxy-authorization"] ?? "-"}`)
      const target = new URL(req.url ?? "")
      const upstream = httpGet(
        { host: "127.0.0.1", port: target.port, path: target.pathname, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        }
      )
      upstream.on("error", () => res.writeHead(502).end())
    })
    proxy.on("connect", (req, client) => {
      seen.push(
        `${req.method} ${req.url} ${req.headers["proxy-authorization"] ?? "-"} ${req.headers["x-tenant"] ?? "-"}`
      )
      const [host, port] = (req.url ?? "").split(":")
      const upstream = netConnect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on("error", () => client.destroy())
    })
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()))
    const proxyUrl = `http://user:pw@127.0.0.1:${(proxy.address() as AddressInfo).port}`
    const auth = `Basic ${Buffer.from("user:pw").toString("base64")}`
    try {
      const plain = await scrapeHttp({
        url: `${base}/metrics`,
        timeoutMs: 2000,
        bodySizeLimitBytes: 0,
        http: http(`    proxy_url: ${proxyUrl}\n`),
        userAgent: "Vesta/test"
      })
      expect(plain).toEqual({
        ok: true,
        contentType: "text/plain; version=0.0.4",
        body: Buffer.from("m 1\n")
      })
      const secure = await scrapeHttp({
        url: `${tlsBase}/metrics`,
        timeoutMs: 2000,
        bodySizeLimitBytes: 0,
        http: http(
          `    proxy_url: ${proxyUrl}\n    proxy_connect_header: {X-Tenant: [a, b]}\n    tls_config:\n      ca_file: ${join(dir, "cert.pem")}\n`
        ),
        userAgent: "Vesta/test"
      })
      expect(secure).toEqual({ ok: true, contentType: "text/plain", body: Buffer.from("m 1\n") })
      // proxy_connect_header goes with CONNECT only (as 2.42: not on the absolute-form GET).
      expect(seen).toEqual([`GET ${base}/metrics ${auth}`, `CONNECT ${tlsBase.slice(8)} ${auth} a, b`])
    } finally {
      proxy.close()
    }
  })
  it("reports a refused CONNECT with the proxy's status text, as Go's client", async () => {
    const proxy = createServer((_, res) => res.writeHead(502).end())
    proxy.on("connect", (_, client) => client.end("HTTP/1.1 403 Forbidden\r\n\r\n"))
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()))
    try {
      const r = await scrapeHttp({
        url: "https://target.test:9100/metrics",
        timeoutMs: 2000,
        bodySizeLimitBytes: 0,
        http: http(`    proxy_url: http://127.0.0.1:${(proxy.address() as AddressInfo).port}\n`),
        userAgent: "Vesta/test"
      })
      expect(r).toEqual({ ok: false, error: 'Get "https://target.test:9100/metrics": Forbidden' })
    } finally {
      proxy.close()
    }
  })
  it.each([
    ["the CA verifies the server", "", true],
    ["min_version TLS12 is met", "    min_version: TLS12\n", true],
    ["min_version TLS13 is refused by a TLS 1.2 server", "    min_version: TLS13\n", false],
    ["max_version TLS12 is met", "    max_version: TLS12\n", true],
    ["max_version TLS12 is refused by a TLS 1.3 server", "    max_version: TLS12\n", false, "tls13"]
  ])("%s", async (_, extra, ok, server = "tls12") => {
    const r = await scrapeHttp({
      url: `${server === "tls12" ? tlsBase : tls13Base}/metrics`,
      timeoutMs: 2000,
      bodySizeLimitBytes: 0,
      http: http(
        `    tls_config:\n      ca_file: ${join(dir, "cert.pem")}\n${extra.replace(/^ {4}/gm, "      ")}`
      ),
      userAgent: "Vesta/test"
    })
    expect(r.ok).toBe(ok)
  })
})
