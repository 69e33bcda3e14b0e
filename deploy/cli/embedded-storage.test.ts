import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { type SeriesSlot, writeReceiverRoutes } from "../../gateway/remote/write-receiver.ts"
import { MetricsRegistry } from "../../protocols/metrics/registry.ts"
import { entryWriteRequest, snappyEntryMarker } from "../../protocols/remote/log-entry.ts"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { decodeWriteRequest } from "../../protocols/remote/write-request-decoder.ts"
import { type EncodeSeries, encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { histogramWriteRequest } from "../../storage/blocks/testdata/remote-write-histograms.ts"
import { histogramSeries } from "../../storage/chunks/testdata/histogram-series.ts"
import { Head } from "../../storage/head/head.ts"
import { openFileDurableLog } from "../../storage/log/file-durable-log.ts"
import { replayWal, walAppender } from "./embedded-storage.ts"

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const series = (labels: string[], ts: number[], vs: number[]): EncodeSeries => ({
  labels,
  timestamps: ts,
  values: Float64Array.from(vs)
})

/** Every sample in the head as `labels t v` lines (a histogram as JSON). */
const dumpHead = (head: Head): string[] => {
  const out: string[] = []
  for (const s of head.select([{ name: "__name__", type: "=~", value: ".+" }], -Infinity, Infinity))
    for (let i = 0; i < s.ts.length; i++)
      out.push(`${s.labels.join(",")} ${s.ts[i]} ${s.hs?.[i] ? JSON.stringify(s.hs[i]) : s.vs[i]}`)
  return out.sort()
}

/** A fresh head replayed from the log in `dir`, dumped. */
const replayedHead = (dir: string) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const head = new Head()
        yield* replayWal(head, yield* openFileDurableLog(dir, "wal"))
        return dumpHead(head)
      })
    )
  )

describe("the embedded write path (receiver → head + write-ahead log → replay)", () => {
  it("replays into the same head, whether a request was logged as received or re-encoded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vesta-wal-"))
    dirs.push(dir)
    const t0 = 1_700_000_000_000
    const requests = [
      // Logged as received: unsorted labels, a label with an empty value, a series without a name
      // (skipped), the same series twice in one request.
      [
        series(["job", "a", "__name__", "up", "zone", ""], [t0, t0 + 1000], [1, 2]),
        series(["job", "nameless"], [t0], [9]),
        series(["__name__", "up", "job", "a"], [t0 + 2000], [3]),
        series(["__name__", "temp", "room", "x"], [t0, t0 + 1000], [20.5, Number.NaN])
      ],
      // Re-encoded: one sample out of order, one a different value for a stored timestamp.
      [
        series(["__name__", "up", "job", "a"], [t0 + 1500, t0 + 3000], [7, 4]),
        series(["__name__", "temp", "room", "x"], [t0 + 1000, t0 + 2000], [21, 22])
      ],
      // Refused before the appender: an invalid label name; the other series is still kept.
      [
        series(["__name__", "bad", "1x", "y"], [t0], [1]),
        series(["__name__", "temp", "room", "x"], [t0 + 3000], [23])
      ]
    ]
    const statuses: number[] = []
    const bodies: string[] = []
    const live = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const wal = yield* openFileDurableLog(dir, "wal")
          const head = new Head()
          const [route] = writeReceiverRoutes({
            appender: walAppender(head, wal),
            maxBodyBytes: 1 << 20,
            maxDecodedBytes: 1 << 24,
            maxFutureMs: 3600_000,
            metrics: new MetricsRegistry()
          })
          for (const r of requests) {
            const body = compressBlock(encodeWriteRequest(r))
            const res = yield* route.handler({
              method: "POST",
              path: "/api/v1/write",
              query: new URLSearchParams(),
              headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
              params: {},
              body: () => Effect.succeed(body)
            })
            statuses.push(res.status)
            bodies.push(String(res.body ?? ""))
          }
          const entries = yield* wal.read(1, 10)
          // The first request went to the log as it was sent (its nameless series included).
          expect(entries[0].data[0]).toBe(snappyEntryMarker)
          expect(decodeWriteRequest(entryWriteRequest(entries[0].data) as Uint8Array)).toMatchObject({
            series: expect.arrayContaining([expect.objectContaining({ labels: ["job", "nameless"] })])
          })
          expect(entries).toHaveLength(3)
          return dumpHead(head)
        })
      )
    )
    expect(statuses).toEqual([204, 400, 400])
    expect(bodies[1]).toMatch(/out of order sample|duplicate sample/)
    expect(bodies[2]).toMatch(/invalid label name "1x"/)
    expect(live).toEqual([
      "__name__,temp,room,x 1700000000000 20.5",
      "__name__,temp,room,x 1700000001000 NaN",
      "__name__,temp,room,x 1700000002000 22",
      "__name__,temp,room,x 1700000003000 23",
      "__name__,up,job,a 1700000000000 1",
      "__name__,up,job,a 1700000001000 2",
      "__name__,up,job,a 1700000002000 3",
      "__name__,up,job,a 1700000003000 4"
    ])
    const replayed = await replayedHead(dir)
    expect(replayed).toEqual(live)
  })
  it("keeps native histograms through the log, as received and re-encoded after a refused one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vesta-wal-"))
    dirs.push(dir)
    const [counter] = histogramSeries
    const bodies = [
      histogramWriteRequest([{ ...counter, points: counter.points.slice(0, 10) }]),
      // 5..9 again (refused as duplicates): the rest goes to the log re-encoded.
      histogramWriteRequest([{ ...counter, points: counter.points.slice(5, 15) }])
    ]
    const statuses: number[] = []
    const live = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const wal = yield* openFileDurableLog(dir, "wal")
          const head = new Head()
          const [route] = writeReceiverRoutes({
            appender: walAppender(head, wal),
            maxBodyBytes: 1 << 20,
            maxDecodedBytes: 1 << 24,
            maxFutureMs: 3600_000,
            metrics: new MetricsRegistry()
          })
          for (const body of bodies) {
            const res = yield* route.handler({
              method: "POST",
              path: "/api/v1/write",
              query: new URLSearchParams(),
              headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
              params: {},
              body: () => Effect.succeed(body)
            })
            statuses.push(res.status)
          }
          const entries = yield* wal.read(1, 10)
          expect(entries.map((e) => e.data[0])).toEqual([snappyEntryMarker, 0x0a])
          return dumpHead(head)
        })
      )
    )
    expect(statuses).toEqual([204, 400])
    expect(live).toHaveLength(15)
    const replayed = await replayedHead(dir)
    expect(replayed).toEqual(live)
  })

  it("with series slots (scrapes), follows a series the head truncated away and logs the same entries", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vesta-wal-"))
    dirs.push(dir)
    const up = ["__name__", "up", "job", "a"]
    const temp = ["__name__", "temp", "room", "ünï"]
    const t0 = 1_700_000_000_000
    const hour = 3600_000
    const live = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const wal = yield* openFileDurableLog(dir, "wal")
          const head = new Head()
          const appender = walAppender(head, wal)
          // One slot per series, as a scrape cache keeps them.
          const slots = new Map<ReadonlyArray<string>, SeriesSlot>()
          const scrape = (t: number, labels: ReadonlyArray<ReadonlyArray<string>>, vs: number[]) => {
            const tx = appender.begin()
            const rejected: string[] = []
            for (let i = 0; i < labels.length; i++) {
              const slot = slots.get(labels[i]) ?? { sinkMemo: undefined }
              slots.set(labels[i], slot)
              tx.append(labels[i], [t], Float64Array.of(vs[i]), 0, 1, (r) => rejected.push(r), slot)
            }
            return Effect.promise(() => tx.commit()).pipe(Effect.as(rejected))
          }
          expect(yield* scrape(t0, [up, temp], [1, 20])).toEqual([])
          const firstRef = head.series(1)
          expect(firstRef?.labels).toEqual(up)
          // Only temp goes on; a cut drops up's chunk and, with it, the series.
          expect(yield* scrape(t0 + 3 * hour, [temp], [21])).toEqual([])
          head.truncate(t0 + 2 * hour)
          expect(head.numSeries).toBe(1)
          // The same array again: a new head series, found by the next scrape, not the removed one.
          expect(yield* scrape(t0 + 3 * hour + 15_000, [up, temp], [1, 22])).toEqual([])
          expect(head.numSeries).toBe(2)
          // Below bounds: refused, and creates nothing.
          const old = ["__name__", "old"]
          expect(yield* scrape(t0, [old], [5])).toEqual(["out of bounds"])
          expect(head.numSeries).toBe(2)
          expect(yield* wal.read(1, 10)).toHaveLength(3)
          return dumpHead(head)
        })
      )
    )
    expect(live).toEqual([
      "__name__,temp,room,ünï 1700010800000 21",
      "__name__,temp,room,ünï 1700010815000 22",
      "__name__,up,job,a 1700010815000 1"
    ])
    const replayed = await replayedHead(dir)
    // The log also holds the samples the truncation dropped from the head.
    expect(replayed).toEqual([
      "__name__,temp,room,ünï 1700000000000 20",
      ...live.slice(0, 2),
      "__name__,up,job,a 1700000000000 1",
      live[2]
    ])
  })
})
