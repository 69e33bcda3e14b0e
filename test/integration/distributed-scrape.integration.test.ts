/**
 * Distributed scraping on a real nats-server: two `vesta scrape` processes split the targets by
 * slot leases; each target is scraped by exactly one process at a time (the exporters count the
 * requests they get), the samples reach the shard logs and are queryable through `vesta gateway`,
 * and after `kill -9` of one scrape process its targets are picked up by the other within the
 * lease TTL plus a scrape interval.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { type RunningServer, startNats } from "../support/servers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-dscrape-"))
const started: VestaProcess[] = []
const exporters: Server[] = []
let nats: RunningServer | undefined
afterAll(async () => {
  for (const p of started) await p.stop()
  for (const e of exporters) e.close()
  await nats?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** Scrape request times per exporter. */
const hits: number[][] = []
const startExporter = (i: number) =>
  new Promise<number>((resolve) => {
    hits[i] = []
    const srv = createServer((_req, res) => {
      hits[i].push(Date.now())
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" })
      res.end(`# TYPE dscrape_value gauge\ndscrape_value{exporter="${i}"} ${i}\n`)
    })
    exporters.push(srv)
    srv.listen(0, "127.0.0.1", () => resolve((srv.address() as { port: number }).port))
  })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Requests each exporter got in the last `ms`. */
const recent = (ms: number) => hits.map((h) => h.filter((t) => t > Date.now() - ms).length)

describe("distributed scraping (NATS)", () => {
  it("scrapes each target from exactly one process and moves targets off a dead one", async () => {
    const ports: number[] = []
    for (let i = 0; i < 8; i++) ports.push(await startExporter(i))
    writeFileSync(
      join(dir, "prometheus.yml"),
      `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: dscrape\n    static_configs:\n      - targets: [${ports.map((p) => `"127.0.0.1:${p}"`).join(", ")}]\n`
    )
    nats = await startNats()
    const common = [`--nats.url=${nats.url}`, "--ingest.shards=2"]
    started.push(
      await startVesta("ingest", [
        ...common,
        "--web.listen-address=127.0.0.1:0",
        `--storage.tsdb.path=${join(dir, "ingest")}`
      ])
    )
    const gw = await startVesta("gateway", [...common, "--web.listen-address=127.0.0.1:0"])
    started.push(gw)
    const scraper = (name: string) =>
      startVesta("scrape", [
        ...common,
        "--web.listen-address=127.0.0.1:0",
        `--config.file=${join(dir, "prometheus.yml")}`,
        "--scrape.slots=16",
        "--scrape.lease-ttl=2s",
        `--log.level=info`,
        `--ingest.log-prefix=`
      ]).then((p) => {
        started.push(p)
        return { name, p }
      })
    const a = await scraper("a")
    const b = await scraper("b")
    // Every target is scraped, once per interval: one process each (two would double the rate).
    await sleep(6000)
    const window = recent(4000)
    for (const n of window) {
      expect(n).toBeGreaterThanOrEqual(2)
      expect(n).toBeLessThanOrEqual(6)
    }
    const up = async () => {
      const r = await fetch(`${gw.baseUrl}/api/v1/query?query=${encodeURIComponent('up{job="dscrape"}')}`)
      const j = (await r.json()) as { status: string; data?: { result: Array<{ value: [number, string] }> } }
      return j.data?.result.map((s) => s.value[1]) ?? [j.status]
    }
    expect(await up()).toEqual(Array(8).fill("1"))
    // The first process holds slots; kill it: its targets move to the other one.
    a.p.child.kill("SIGKILL")
    await sleep(2000 + 1000 + 3000)
    const after = recent(3000)
    for (const n of after) {
      expect(n).toBeGreaterThanOrEqual(1)
      expect(n).toBeLessThanOrEqual(5)
    }
    expect(b.p.log()).not.toContain("level=error")
    expect(await up()).toEqual(Array(8).fill("1"))
  }, 90_000)
})
