/**
 * Configuration reload as Prometheus does it: POST /-/reload (with --web.enable-lifecycle) and
 * SIGHUP apply a good file; a bad file is rejected with the field path and the running
 * configuration stays; without the flag the endpoint answers 403.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { startVesta } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-reload-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const job = (name: string) =>
  `scrape_configs:\n  - job_name: ${name}\n    scrape_interval: 1h\n    static_configs: [{targets: ['127.0.0.1:1']}]\n`
const pools = async (base: string) =>
  ((await (await fetch(`${base}/api/v1/scrape_pools`)).json()) as { data: { scrapePools: string[] } }).data
    .scrapePools

const waitFor = async (f: () => Promise<boolean>) => {
  const until = Date.now() + 5000
  while (!(await f()) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  return f()
}

describe("config reload", () => {
  it("applies good files, keeps the running config on a bad one, and reports it", async () => {
    const config = join(dir, "prometheus.yml")
    writeFileSync(config, job("first"))
    const v = await startVesta("start", [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, "d1")}`,
      "--web.enable-lifecycle"
    ])
    try {
      expect(await pools(v.baseUrl)).toEqual(["first"])
      writeFileSync(config, "scrape_configs:\n  - job_name: x\n    scrape_interval: abc\n")
      const bad = await fetch(`${v.baseUrl}/-/reload`, { method: "POST" })
      expect(bad.status).toBe(500)
      expect(await bad.text()).toContain(
        'scrape_configs[0].scrape_interval: not a valid duration string: "abc" (line 3)'
      )
      expect(await pools(v.baseUrl)).toEqual(["first"])
      const metrics = await (await fetch(`${v.baseUrl}/metrics`)).text()
      expect(metrics).toMatch(/^prometheus_config_last_reload_successful 0$/m)
      writeFileSync(config, job("second"))
      expect((await fetch(`${v.baseUrl}/-/reload`, { method: "POST" })).status).toBe(200)
      expect(await pools(v.baseUrl)).toEqual(["second"])
      writeFileSync(config, job("third"))
      v.child.kill("SIGHUP")
      expect(await waitFor(async () => (await pools(v.baseUrl))[0] === "third")).toBe(true)
    } finally {
      await v.stop()
    }
  })
  it("refuses the lifecycle API without --web.enable-lifecycle", async () => {
    const v = await startVesta("start", [
      `--storage.tsdb.path=${join(dir, "d2")}`,
      `--config.file=${join(dir, "none.yml")}`
    ]).catch((e) => e)
    // An explicit --config.file that does not exist is a startup error, as in Prometheus.
    expect(String(v)).toMatch(/error loading config from .*none\.yml/)
    const w = await startVesta("start", [`--storage.tsdb.path=${join(dir, "d3")}`])
    try {
      const r = await fetch(`${w.baseUrl}/-/reload`, { method: "POST" })
      expect(r.status).toBe(403)
      expect(await r.text()).toBe("Lifecycle API is not enabled.\n")
    } finally {
      await w.stop()
    }
  })
})
