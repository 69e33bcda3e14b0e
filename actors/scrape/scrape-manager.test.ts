import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { isStaleMarker } from "../../protocols/values/special-nans.ts"
import { SampleSink } from "./sample-sink.ts"
import type { ScrapeBatch } from "./scrape-core.ts"
import { ScrapeManager } from "./scrape-manager.ts"

let server: Server
let port = 0
const dir = mkdtempSync(join(tmpdir(), "vesta-scrape-"))
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/metrics")
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end('# TYPE m gauge\nm{a="1"} 42\n')
    else res.writeHead(500).end()
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  port = (server.address() as AddressInfo).port
})
afterAll(() => {
  server.close()
  rmSync(dir, { recursive: true, force: true })
})

type Row = { name: string; labels: Record<string, string>; t: number; v: number | "stale" }
const flatten = (b: ScrapeBatch): Row[] =>
  b.labels.map((l, i) => {
    const labels: Record<string, string> = {}
    for (let k = 0; k < l.length; k += 2) labels[l[k]] = l[k + 1]
    return {
      name: labels.__name__,
      labels,
      t: b.timestampsMs[i],
      v: isStaleMarker(b.values[i]) ? "stale" : b.values[i]
    }
  })

const waitFor = (cond: () => boolean, ms: number) =>
  Effect.gen(function* () {
    const until = Date.now() + ms
    while (!cond() && Date.now() < until) yield* Effect.sleep("50 millis")
    return cond()
  })

describe("ScrapeManager", () => {
  it("scrapes static and file_sd targets, reports status, and marks a removed target's series stale", async () => {
    const rows: Row[] = []
    const sink = Layer.succeed(
      SampleSink,
      SampleSink.of({ append: (b) => Effect.sync(() => rows.push(...flatten(b))) })
    )
    const sdFile = join(dir, "targets.json")
    writeFileSync(sdFile, JSON.stringify([{ targets: [`127.0.0.1:${port}`], labels: { from: "file" } }]))
    const config = parsePrometheusConfig(
      [
        "scrape_configs:",
        "  - job_name: static",
        "    scrape_interval: 1s",
        `    static_configs: [{targets: ['127.0.0.1:${port}']}]`,
        "  - job_name: broken",
        "    scrape_interval: 1s",
        "    metrics_path: /nope",
        `    static_configs: [{targets: ['127.0.0.1:${port}']}]`,
        "  - job_name: files",
        "    scrape_interval: 1s",
        `    file_sd_configs: [{files: ['${sdFile}']}]`,
        "    relabel_configs: [{action: drop, source_labels: [from], regex: never}]"
      ].join("\n")
    )
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const manager = yield* ScrapeManager
          yield* manager.apply(config)
          const scraped = (job: string) => rows.some((r) => r.name === "m" && r.labels.job === job)
          yield* waitFor(
            () =>
              scraped("static") &&
              scraped("files") &&
              rows.some((r) => r.name === "up" && r.labels.job === "broken"),
            5000
          )
          const targets = yield* manager.targets
          writeFileSync(sdFile, "[]")
          yield* waitFor(
            () => rows.some((r) => r.name === "m" && r.labels.job === "files" && r.v === "stale"),
            5000
          )
          return { targets, pools: yield* manager.scrapePools }
        })
      ).pipe(
        Effect.provide(
          ScrapeManager.layer({ baseDir: dir, userAgent: "Vesta/test" }).pipe(Layer.provide(sink))
        )
      )
    )
    const m = rows.find((r) => r.name === "m" && r.labels.job === "static")
    expect(m?.labels).toEqual({ __name__: "m", a: "1", instance: `127.0.0.1:${port}`, job: "static" })
    expect(m?.v).toBe(42)
    expect(rows.find((r) => r.name === "up" && r.labels.job === "broken")?.v).toBe(0)
    expect(rows.find((r) => r.name === "m" && r.labels.job === "files")?.labels.from).toBe("file")
    expect(rows.some((r) => r.name === "m" && r.labels.job === "files" && r.v === "stale")).toBe(true)
    // The removed target's report series end too, as in Prometheus (else `up` stays 1 for 5 minutes).
    const staleReports = rows.filter((r) => r.labels.job === "files" && r.name !== "m" && r.v === "stale")
    expect(staleReports.map((r) => r.name).sort()).toEqual([
      "scrape_duration_seconds",
      "scrape_samples_post_metric_relabeling",
      "scrape_samples_scraped",
      "scrape_series_added",
      "up"
    ])
    expect(outcome.pools).toEqual(["broken", "files", "static"])
    const broken = outcome.targets.active.find((t) => t.scrapePool === "broken")
    expect(broken).toMatchObject({
      health: "down",
      lastError: "server returned HTTP status 500 Internal Server Error"
    })
    expect(broken?.scrapeUrl).toBe(`http://127.0.0.1:${port}/nope`)
  }, 20_000)
  it("on reload, a changed pool's surviving targets go on without staleness markers; dropped ones end", async () => {
    const rows: Row[] = []
    const sink = Layer.succeed(
      SampleSink,
      SampleSink.of({ append: (b) => Effect.sync(() => rows.push(...flatten(b))) })
    )
    const config = (timeout: string, groups: string[]) =>
      parsePrometheusConfig(
        [
          "scrape_configs:",
          "  - job_name: r",
          "    scrape_interval: 1s",
          `    scrape_timeout: ${timeout}`,
          `    static_configs: [${groups.map((g) => `{targets: ['127.0.0.1:${port}'], labels: {t: '${g}'}}`).join(", ")}]`
        ].join("\n")
      )
    const of = (t: string, stale: boolean) =>
      rows.filter((r) => r.labels.t === t && (r.v === "stale") === stale && ["m", "up"].includes(r.name))
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const manager = yield* ScrapeManager
          yield* manager.apply(config("1s", ["1", "2"]))
          yield* waitFor(() => of("1", false).length > 0 && of("2", false).length > 0, 5000)
          yield* manager.apply(config("900ms", ["1"]))
          const before = of("1", false).length
          yield* waitFor(() => of("1", false).length >= before + 4 && of("2", true).length >= 2, 5000)
        })
      ).pipe(
        Effect.provide(
          ScrapeManager.layer({ baseDir: dir, userAgent: "Vesta/test" }).pipe(Layer.provide(sink))
        )
      )
    )
    expect(
      of("2", true)
        .map((r) => r.name)
        .sort()
    ).toEqual(["m", "up"])
    // Staleness markers for target 1 come only from the scope's end, after the last sample.
    const stale1 = rows.findIndex((r) => r.labels.t === "1" && r.v === "stale")
    const lastLive1 = rows.findLastIndex((r) => r.labels.t === "1" && r.v !== "stale")
    expect(stale1 === -1 || stale1 > lastLive1).toBe(true)
    // The reloaded target keeps its cache: its series are not "added" again.
    const added = rows.filter(
      (r) => r.name === "scrape_series_added" && r.labels.t === "1" && r.v !== "stale"
    )
    expect(added.length).toBeGreaterThanOrEqual(3) // one before the reload, two after
    expect(added.map((r) => r.v)).toEqual([1, ...added.slice(1).map(() => 0)])
  }, 20_000)
  it("fails every target of a pool over target_limit without scraping it", async () => {
    const rows: Row[] = []
    const sink = Layer.succeed(
      SampleSink,
      SampleSink.of({ append: (b) => Effect.sync(() => rows.push(...flatten(b))) })
    )
    const config = parsePrometheusConfig(
      [
        "scrape_configs:",
        "  - job_name: many",
        "    scrape_interval: 1s",
        "    target_limit: 1",
        `    static_configs: [{targets: ['127.0.0.1:${port}'], labels: {n: '1'}}, {targets: ['127.0.0.1:${port}'], labels: {n: '2'}}]`
      ].join("\n")
    )
    const targets = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const manager = yield* ScrapeManager
          yield* manager.apply(config)
          yield* waitFor(() => rows.filter((r) => r.name === "up").length >= 2, 5000)
          return (yield* manager.targets).active
        })
      ).pipe(
        Effect.provide(
          ScrapeManager.layer({ baseDir: dir, userAgent: "Vesta/test" }).pipe(Layer.provide(sink))
        )
      )
    )
    const ups = rows.filter((r) => r.name === "up" && r.v !== "stale") // markers: the scope's end
    expect(ups.length).toBeGreaterThanOrEqual(2)
    expect(ups.map((r) => r.v)).toEqual(ups.map(() => 0))
    expect(rows.some((r) => r.name === "m")).toBe(false)
    expect(targets.map((t) => [t.health, t.lastError])).toEqual([
      ["down", "target_limit exceeded (number of targets: 2, limit: 1)"],
      ["down", "target_limit exceeded (number of targets: 2, limit: 1)"]
    ])
  }, 20_000)
})
