/**
 * `--web.config.file` against the real Prometheus 2.42 with the same file: TLS (self-signed
 * certificate made by openssl here) and basic auth with a bcrypt hash; the same requests get the
 * same status codes and challenge from both. A web config `promtool check web-config` rejects is
 * rejected by Vesta at start too.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { request } from "node:https"
import { tmpdir } from "node:os"
import { join } from "node:path"
import bcrypt from "bcryptjs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Peer, runTool, startPrometheus } from "../support/peers.ts"
import { runVesta, startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-webcfg-"))
let vesta: VestaProcess
let prom: Peer
let ca: Buffer

const get = (base: string, path: string, auth?: string) =>
  new Promise<{ status: number; challenge: string | undefined; body: string }>((resolve, reject) => {
    const u = new URL(path, base.replace(/^http:/, "https:"))
    const req = request(
      u,
      { ca, headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {} },
      (res) => {
        let body = ""
        res.on("data", (c) => (body += c))
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            challenge: res.headers["www-authenticate"] as string | undefined,
            body
          })
        )
      }
    )
    req.on("error", reject)
    req.end()
  })

beforeAll(async () => {
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1"
    ],
    { stdio: "ignore" }
  )
  ca = readFileSync(join(dir, "cert.pem"))
  // Go's bcrypt writes $2a$; bcryptjs $2b$: both sides must accept either.
  const hash = bcrypt.hashSync("s3cret", 4).replace(/^\$2b\$/, "$2a$")
  const web = `tls_server_config:\n  cert_file: ${join(dir, "cert.pem")}\n  key_file: ${join(dir, "key.pem")}\nbasic_auth_users:\n  alice: ${hash}\n`
  writeFileSync(join(dir, "web.yml"), web)
  prom = await startPrometheus({ flags: [`--web.config.file=${join(dir, "web.yml")}`], waitReady: false })
  vesta = await startVesta("start", [
    `--storage.tsdb.path=${join(dir, "vesta")}`,
    `--web.config.file=${join(dir, "web.yml")}`
  ])
  // Prometheus opens its TSDB first: wait until it answers with the right credentials.
  for (let i = 0; i < 100; i++) {
    const r = await get(prom.baseUrl, "/-/ready", "alice:s3cret").catch(() => undefined)
    if (r?.status === 200) break
    await new Promise((res) => setTimeout(res, 200))
  }
}, 60_000)

afterAll(async () => {
  await vesta?.stop()
  await prom?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe("--web.config.file (TLS + basic auth)", () => {
  it("answers like Prometheus with no, wrong and right credentials", async () => {
    for (const path of ["/api/v1/status/buildinfo", "/metrics", "/-/healthy", "/api/v1/query?query=1"])
      for (const auth of [undefined, "alice:wrong", "bob:s3cret", "alice:s3cret"]) {
        const [p, v] = [await get(prom.baseUrl, path, auth), await get(vesta.baseUrl, path, auth)]
        expect({ path, auth, status: v.status, challenge: v.challenge }).toEqual({
          path,
          auth,
          status: p.status,
          challenge: p.challenge
        })
        if (p.status === 401) expect(v.body).toBe(p.body)
      }
  })

  it("speaks only TLS", async () => {
    await expect(fetch(`${vesta.baseUrl}/-/healthy`)).rejects.toThrow()
  })

  it("rejects a web config promtool rejects, naming the field", async () => {
    writeFileSync(join(dir, "bad.yml"), "basic_auth_users:\n  alice: x\nunknown_field: 1\n")
    const check = await runTool("promtool", ["check", "web-config", join(dir, "bad.yml")])
    expect(check.code).not.toBe(0)
    const r = await runVesta([
      "start",
      `--storage.tsdb.path=${join(dir, "bad")}`,
      `--web.config.file=${join(dir, "bad.yml")}`,
      "--web.listen-address=127.0.0.1:0"
    ])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain("unknown_field")
  })
})
