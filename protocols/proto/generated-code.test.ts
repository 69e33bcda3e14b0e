import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { prometheus } from "../gen/prometheus.js"
import { vesta } from "../gen/vesta.js"

const genDir = join(import.meta.dirname, "../gen")
const stale = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0]
const bits = (v: number) => new BigUint64Array(new Float64Array([v]).buffer)[0]
/** protobufjs decodes int64 as Long when the `long` package is installed; Number() works for both. */
const num = (v: unknown) => Number(v)

describe("generated protobuf code: Vesta's messages", () => {
  it("round-trips an IngestBatch with labels, keeping value bits", () => {
    const bytes = vesta.ingest.IngestBatch.encode({
      batchId: "b-1",
      source: "remote_write",
      sourceInfo: { kind: 1, name: "10.0.0.1:5555", node: "n1", receivedAtMs: 1700000000123 },
      series: [
        {
          labels: [{ name: "__name__", value: "up" }],
          timestampsMs: [1700000000000, 1700000015000],
          values: [1, stale]
        }
      ],
      metadata: [{ metricFamily: "up", type: "gauge", help: "Target is up.", unit: "" }]
    }).finish()
    const back = vesta.ingest.IngestBatch.decode(bytes)
    const series = back.series[0] as vesta.ingest.SeriesSamples
    expect(back.batchId).toBe("b-1")
    expect(back.sourceInfo?.kind).toBe(vesta.ingest.SourceInfo.Kind.KIND_REMOTE_WRITE)
    expect(num(back.sourceInfo?.receivedAtMs)).toBe(1700000000123)
    expect(series.labels[0].value).toBe("up")
    expect(series.timestampsMs.map(num)).toEqual([1700000000000, 1700000015000])
    expect(bits(series.values[1]) & 0x0007ffffffffffffn).toBe(2n)
    expect(back.metadata[0].help).toBe("Target is up.")
  })

  it("round-trips an IngestBatch with a symbol table, histograms and exemplars", () => {
    const bytes = vesta.ingest.IngestBatch.encode({
      batchId: "b-2",
      symbols: ["", "__name__", "rpc", "trace_id", "abc"],
      series: [
        {
          labelRefs: [1, 2],
          histograms: [
            {
              timestampMs: 5,
              float: true,
              count: 2.5,
              sum: 1,
              schema: -4,
              positiveSpans: [{ offset: -1, length: 2 }],
              positiveCounts: [1, 1.5],
              resetHint: 3
            }
          ]
        }
      ],
      exemplars: [{ seriesLabelRefs: [1, 2], labelRefs: [3, 4], value: 0.5, timestampMs: 4 }]
    }).finish()
    const back = vesta.ingest.IngestBatch.decode(bytes)
    expect(back.symbols).toEqual(["", "__name__", "rpc", "trace_id", "abc"])
    expect(back.series[0].labelRefs).toEqual([1, 2])
    const h = back.series[0].histograms![0]
    expect([h.float, h.count, h.schema, h.resetHint, h.positiveCounts]).toEqual([true, 2.5, -4, 3, [1, 1.5]])
    expect([h.positiveSpans![0].offset, h.positiveSpans![0].length]).toEqual([-1, 2])
    expect(back.exemplars[0].labelRefs).toEqual([3, 4])
  })

  it("round-trips a ScrapeReport", () => {
    const msg = {
      version: 1,
      scrapePool: "node",
      targetKey: "9f2c",
      scrapeUrl: "http://127.0.0.1:9100/metrics",
      startMs: 1700000000000,
      durationSeconds: 0.0123,
      up: false,
      error: "server returned HTTP status 500 Internal Server Error",
      samplesScraped: 812,
      samplesPostMetricRelabeling: 800,
      seriesAdded: 3
    }
    const back = vesta.scrape.ScrapeReport.decode(vesta.scrape.ScrapeReport.encode(msg).finish())
    expect({
      ...back,
      startMs: num(back.startMs),
      samplesScraped: num(back.samplesScraped),
      samplesPostMetricRelabeling: num(back.samplesPostMetricRelabeling),
      seriesAdded: num(back.seriesAdded),
      up: back.up ?? false
    }).toEqual(msg)
  })

  it("round-trips every event", () => {
    const e = vesta.events
    const cut = e.BlockCut.decode(
      e.BlockCut.encode({
        version: 1,
        shard: 3,
        ulid: "01HZX",
        minTimeMs: 0,
        maxTimeMs: 7_199_999,
        lastAppliedSeq: 42
      }).finish()
    )
    expect([cut.version, cut.shard, cut.ulid, num(cut.maxTimeMs), num(cut.lastAppliedSeq)]).toEqual([
      1,
      3,
      "01HZX",
      7_199_999,
      42
    ])
    const up = e.BlockUploaded.decode(
      e.BlockUploaded.encode({ version: 1, shard: 3, ulid: "01HZX", bucketPrefix: "r1/" }).finish()
    )
    expect([up.shard, up.ulid, up.bucketPrefix]).toEqual([3, "01HZX", "r1/"])
    const cp = e.Checkpoint.decode(
      e.Checkpoint.encode({ version: 1, shard: 2, logSeq: 9_000_000_000, lastBlockUlid: "01HZY" }).finish()
    )
    expect([cp.shard, num(cp.logSeq), cp.lastBlockUlid]).toEqual([2, 9_000_000_000, "01HZY"])
    const tc = e.TargetsChanged.decode(
      e.TargetsChanged.encode({
        version: 1,
        job: "node",
        targets: [{ labels: { __address__: "a:1", env: "prod" } }, { labels: { __address__: "b:1" } }]
      }).finish()
    )
    expect(tc.targets.map((t) => t.labels)).toEqual([
      { __address__: "a:1", env: "prod" },
      { __address__: "b:1" }
    ])
    const as = e.AlertStateChanged.decode(
      e.AlertStateChanged.encode({
        version: 1,
        ruleGroup: "g",
        alertName: "HighLoad",
        labels: { severity: "page" },
        state: "firing",
        activeAtMs: 1000,
        atMs: 61000,
        value: 0.97
      }).finish()
    )
    expect([as.alertName, as.labels, as.state, num(as.activeAtMs), num(as.atMs), as.value]).toEqual([
      "HighLoad",
      { severity: "page" },
      "firing",
      1000,
      61000,
      0.97
    ])
  })

  it("the remote write module is a separate protobufjs root", () => {
    expect(typeof prometheus.WriteRequest.encode).toBe("function")
    expect((vesta as unknown as Record<string, unknown>).prometheus).toBeUndefined()
  })
})

describe("committed generated code", () => {
  it("is up to date with protocols/proto (regenerated into a temp dir)", () => {
    const out = mkdtempSync(join(tmpdir(), "vesta-gen-"))
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, "../../scripts/gen-proto.ts"), out], {
        stdio: "pipe"
      })
      const generated = readdirSync(out).sort()
      expect(generated).toEqual(["prometheus.d.ts", "prometheus.js", "vesta.d.ts", "vesta.js"])
      expect(
        readdirSync(genDir)
          .filter((f) => f.endsWith(".js") || f.endsWith(".ts"))
          .sort()
      ).toEqual(generated)
      for (const f of generated) {
        expect(
          readFileSync(join(out, f), "utf8") === readFileSync(join(genDir, f), "utf8"),
          `${f} is stale: run npm run proto`
        ).toBe(true)
      }
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 60_000)
})
