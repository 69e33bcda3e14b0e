/**
 * Scraping with `oauth2` (client credentials), Vesta embedded against Prometheus 2.42: each peer
 * gets its own local token endpoint and exporter, with the same prometheus.yml shape. The token
 * requests must look the same (POST with the query kept, form body with grant_type overridden by
 * endpoint_params and the scopes space-joined, client id and secret query-escaped in a Basic
 * header), the scrapes carry the token as a bearer and move to a new one once the old is within
 * 10 s of expiring, a refusing endpoint gets the same two attempts (header, then form body) and
 * the target shows the same lastError; `/api/v1/status/config` shows the same oauth2 block.
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startPrometheus } from "../support/peers.ts"
import { startVesta } from "../support/vesta-process.ts"

interface Capture {
  readonly port: number
  /** Token requests: method, path, authorization header, content type, body. */
  readonly tokenRequests: Array<{ method: string; path: string; auth: string; type: string; body: string }>
  /** When each token of the granted job was issued (ms). */
  readonly issuedAt: number[]
  /** Authorization headers of scrapes. */
  readonly scrapeAuth: string[]
  readonly server: Server
}

const capture = async (): Promise<Capture> => {
  const c: Omit<Capture, "port" | "server"> = { tokenRequests: [], scrapeAuth: [], issuedAt: [] }
  let issued = 0
  const server = createServer((req, res) => {
    let body = ""
    req.on("data", (d) => (body += d))
    req.on("end", () => {
      const path = req.url ?? ""
      if (path.startsWith("/token") || path.startsWith("/refuse")) {
        c.tokenRequests.push({
          method: req.method ?? "",
          path,
          auth: req.headers.authorization ?? "",
          type: req.headers["content-type"] ?? "",
          body
        })
        res.setHeader("content-type", "application/json")
        if (path.startsWith("/refuse")) {
          res.statusCode = 400
          res.end(JSON.stringify({ error: "invalid_client", error_description: "no such client" }))
        } else {
          c.issuedAt.push(Date.now())
          res.end(JSON.stringify({ access_token: `tok${++issued}`, token_type: "bearer", expires_in: 12 }))
        }
        return
      }
      c.scrapeAuth.push(req.headers.authorization ?? "")
      res.setHeader("content-type", "text/plain; version=0.0.4")
      res.end("oauth_metric 1\n")
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  return { ...c, port: (server.address() as { port: number }).port, server }
}

const config = (port: number) => `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: granted
    oauth2:
      client_id: "my id"
      client_secret: "s3cr&t:x"
      scopes: [read, "write all"]
      token_url: http://127.0.0.1:${port}/token?tenant=a
      endpoint_params:
        audience: vesta
        grant_type: urn:custom
    static_configs:
      - targets: ["127.0.0.1:${port}"]
  - job_name: refused
    oauth2:
      client_id: other
      client_secret: "x"
      token_url: http://127.0.0.1:${port}/refuse
    metrics_path: /refused
    static_configs:
      - targets: ["127.0.0.1:${port}"]
`

interface Observed {
  readonly capture: Capture
  readonly lastError: string
  readonly oauth2Yaml: string
}

const targetsOf = async (base: string) =>
  (
    (await (await fetch(`${base}/api/v1/targets`)).json()) as {
      data: { activeTargets: Array<{ scrapePool: string; lastError: string; lastScrape: string }> }
    }
  ).data.activeTargets

/** Runs one peer until the granted job used two tokens and the refused job failed twice. */
const observe = async (
  start: (config: string) => Promise<{ baseUrl: string; stop: () => Promise<void> }>
) => {
  const cap = await capture()
  const peer = await start(config(cap.port))
  try {
    const until = Date.now() + 40_000
    for (;;) {
      const refusedAttempts = cap.tokenRequests.filter((r) => r.path.startsWith("/refuse")).length
      if (new Set(cap.scrapeAuth).size >= 2 && refusedAttempts >= 4) break
      if (Date.now() > until) throw new Error(`no second token in time: ${JSON.stringify(cap)}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    const refused = (await targetsOf(peer.baseUrl)).find((t) => t.scrapePool === "refused")
    const yaml = (
      (await (await fetch(`${peer.baseUrl}/api/v1/status/config`)).json()) as { data: { yaml: string } }
    ).data.yaml
    const block = yaml.split("\n")
    const at = block.findIndex((l) => l.trim() === "oauth2:")
    const end = block.findIndex((l, i) => i > at && /^ {2}\S/.test(l))
    return {
      capture: cap,
      lastError: (refused?.lastError ?? "").replaceAll(String(cap.port), "PORT"),
      oauth2Yaml: block.slice(at, end).join("\n").replaceAll(String(cap.port), "PORT")
    } satisfies Observed
  } finally {
    await peer.stop()
    cap.server.closeAllConnections()
    cap.server.close()
  }
}

const dir = mkdtempSync(join(tmpdir(), "vesta-oauth2-"))
let prom: Observed
let vesta: Observed
beforeAll(async () => {
  prom = await observe((c) => startPrometheus({ config: c }))
  vesta = await observe((c) => {
    writeFileSync(join(dir, "prometheus.yml"), c)
    return startVesta("start", [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`
    ])
  })
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const tokenRequest = (o: Observed, i: number, prefix: string) => {
  const r = o.capture.tokenRequests.filter((x) => x.path.startsWith(prefix))[i]
  return { ...r, path: r.path.replaceAll(String(o.capture.port), "PORT") }
}

describe("oauth2 client credentials, Vesta vs Prometheus 2.42", () => {
  it("asks for a token the same way", () => {
    const p = tokenRequest(prom, 0, "/token")
    expect(p).toEqual({
      method: "POST",
      path: "/token?tenant=a",
      auth: `Basic ${Buffer.from("my+id:s3cr%26t%3Ax").toString("base64")}`,
      type: "application/x-www-form-urlencoded",
      body: "audience=vesta&grant_type=urn%3Acustom&scope=read+write+all"
    })
    expect(tokenRequest(vesta, 0, "/token")).toEqual(p)
  })
  it("scrapes with the token as a bearer and renews it 10 s before it expires", () => {
    for (const o of [prom, vesta]) {
      expect(o.capture.scrapeAuth[0]).toBe("Bearer tok1")
      expect(o.capture.scrapeAuth).toContain("Bearer tok2")
      // Each token serves the scrapes until its renewal: never an older one after a newer one.
      const order = o.capture.scrapeAuth.map((a) => Number(a.replace("Bearer tok", "")))
      expect(order).toEqual([...order].sort((a, b) => a - b))
      // expires_in 12: renewed after about 2 s (12 s less the 10 s margin), well before 12 s.
      expect(o.capture.issuedAt[1] - o.capture.issuedAt[0]).toBeLessThan(6000)
    }
  })
  it("tries the Basic header, then the form body, against a refusing endpoint, and reports the same error", () => {
    const attempts = (o: Observed) =>
      [0, 1].map((i) => {
        const r = tokenRequest(o, i, "/refuse")
        return { auth: r.auth, body: r.body }
      })
    expect(attempts(prom)).toEqual([
      { auth: `Basic ${Buffer.from("other:x").toString("base64")}`, body: "grant_type=client_credentials" },
      { auth: "", body: "client_id=other&client_secret=x&grant_type=client_credentials" }
    ])
    expect(attempts(vesta)).toEqual(attempts(prom))
    expect(prom.lastError).toBe(
      'Get "http://127.0.0.1:PORT/refused": oauth2: cannot fetch token: 400 Bad Request\nResponse: {"error":"invalid_client","error_description":"no such client"}'
    )
    expect(vesta.lastError).toBe(prom.lastError)
  })
  it("shows the same oauth2 block in /api/v1/status/config, secret redacted", () => {
    expect(prom.oauth2Yaml).toContain("client_secret: <secret>")
    expect(vesta.oauth2Yaml).toBe(prom.oauth2Yaml)
  })
})
