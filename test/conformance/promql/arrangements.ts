/**
 * The storage arrangements every PromQL peer file runs against: the engine's reference in-memory
 * storage, the TSDB head, and two heads split in time merged through the Queryable seam.
 * Blocks-only and head+blocks join when blocks can be cut.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { blocksQueryable, openBlocks } from "../../../storage/blocks/block-queryable.ts"
import { type BlockChunk, type BlockSeries, writeBlock } from "../../../storage/blocks/block-writer.ts"
import { sampleChunks } from "../../../storage/blocks/sample-chunks.ts"
import { Head } from "../../../storage/head/head.ts"
import { headBlockSeries } from "../../../storage/head/head-block.ts"
import { headQueryable } from "../../../storage/head/head-queryable.ts"
import { mergeQueryable } from "../../../storage/merge/merge-queryable.ts"
import type { EngineStorage } from "../../../storage/promql/engine-context.ts"
import { MemoryStorage } from "../../../storage/promql/memory-storage.ts"
import { compareLabels, type Labels, type RawSeries } from "../../../storage/promql/values.ts"
import { collectSamples, type Queryable } from "../../../storage/queryable.ts"
import type { Arrangement, LoadSample } from "./peer-runner.ts"

export const memoryArrangement: Arrangement = {
  name: "memory",
  histograms: true,
  load: (samples) => {
    const s = new MemoryStorage()
    for (const x of [...samples].sort((a, b) => a.t - b.t)) s.append(x.labels, x.t, x.v, x.h)
    return s
  }
}

/** A float or native histogram sample into the head; a rejection is a broken test setup. */
const appendSample = (h: Head, x: LoadSample) => {
  const s = h.getOrCreate(x.labels)
  const err = x.h !== undefined ? h.appendHistogramTo(s, x.t, x.h) : h.appendTo(s, x.t, x.v)
  if (err) throw new Error(`head rejected a sample at ${x.t}: ${err}`)
}

export const headArrangement: Arrangement = {
  name: "head",
  histograms: true,
  load: (samples) => {
    // The peer files load data far in the past relative to each other; a huge chunk range keeps
    // the head's out-of-bounds rule (half a range behind the newest sample) out of the way.
    const h = new Head({ chunkRangeMs: 2 * 3600_000, outOfOrderTimeWindowMs: 0 })
    for (const x of [...samples].sort((a, b) => a.t - b.t)) appendSample(h, x)
    return h
  }
}

/**
 * Head + head split in time (what head + blocks looks like, the boundary sample in both), read
 * through mergeQueryable: the Queryable seam end to end.
 */
export const splitArrangement: Arrangement = {
  name: "split",
  histograms: true,
  load: (samples) => {
    const times = samples.map((s) => s.t).sort((a, b) => a - b)
    const cut = times[Math.floor(times.length / 2)] ?? 0
    const early = headArrangement.load(samples.filter((s) => s.t <= cut)) as Head
    const late = headArrangement.load(samples.filter((s) => s.t >= cut)) as Head
    const merged = mergeQueryable([headQueryable(early), headQueryable(late)])
    return {
      select: (matchers, minMs, maxMs) =>
        Effect.runSync(
          Effect.scoped(
            Effect.gen(function* () {
              const q = yield* merged.querier(minMs, maxMs)
              const set = yield* q.select(matchers)
              const out: RawSeries[] = []
              while (set.next()) {
                const s = set.at()
                out.push({ labels: s.labels, ...collectSamples(s) })
              }
              return out
            })
          )
        )
    }
  }
}

/** Reads any Queryable synchronously (all ours are in-process), for the engine's EngineStorage. */
const syncStorage = (q: Queryable): EngineStorage => ({
  select: (matchers, minMs, maxMs) =>
    Effect.runSync(
      Effect.scoped(
        Effect.gen(function* () {
          const querier = yield* q.querier(minMs, maxMs)
          const set = yield* querier.select(matchers)
          const out: RawSeries[] = []
          while (set.next()) {
            const s = set.at()
            out.push({ labels: s.labels, ...collectSamples(s) })
          }
          return out
        })
      )
    )
})

/** Prometheus's default block range: most peer files span several blocks. */
const blockRangeMs = 2 * 3600_000
const scratch = mkdtempSync(join(tmpdir(), "vesta-peer-blocks-"))
process.once("exit", () => rmSync(scratch, { recursive: true, force: true }))
let loads = 0

const headOf = (samples: ReadonlyArray<LoadSample>) => {
  const h = new Head({ chunkRangeMs: blockRangeMs, outOfOrderTimeWindowMs: 0 })
  for (const x of [...samples].sort((a, b) => a.t - b.t)) appendSample(h, x)
  return h
}

/** Writes the head's data before `cutMs` as blocks of blockRangeMs and opens them. */
const blocksOf = (h: Head, cutMs: number) => {
  const dir = join(scratch, String(++loads))
  mkdirSync(dir)
  if (Number.isFinite(h.minTime)) {
    for (
      let start = Math.floor(h.minTime / blockRangeMs) * blockRangeMs;
      start < Math.min(cutMs, h.maxTime + 1);
      start += blockRangeMs
    ) {
      const series = headBlockSeries(h, start, start + blockRangeMs)
      if (series.length > 0)
        writeBlock(dir, series, { minTime: start, maxTime: start + blockRangeMs }, { durable: false })
    }
  }
  const readers = openBlocks(dir)
  return blocksQueryable(() => readers)
}

/**
 * Blocks written straight from samples (the head holds no native histograms): each series encoded
 * by sampleChunks (XOR, float-histogram chunks), cut at block boundaries, one block per range.
 */
const sampleBlocksOf = (samples: ReadonlyArray<LoadSample>) => {
  const dir = join(scratch, String(++loads))
  mkdirSync(dir)
  const bySeries = new Map<string, { labels: Labels; xs: LoadSample[] }>()
  for (const x of samples) {
    const key = x.labels.join("\xff")
    let e = bySeries.get(key)
    if (!e) bySeries.set(key, (e = { labels: x.labels, xs: [] }))
    e.xs.push(x)
  }
  const byBlock = new Map<number, BlockSeries[]>()
  const ordered = [...bySeries.values()].sort((a, b) => compareLabels(a.labels, b.labels))
  for (const { labels, xs } of ordered) {
    xs.sort((a, b) => a.t - b.t)
    const chunks = sampleChunks(
      xs.map((x) => x.t),
      xs.map((x) => x.v),
      xs.map((x) => x.h),
      { cutEveryMs: blockRangeMs }
    )
    for (const c of chunks) {
      const start = Math.floor(c.minTime / blockRangeMs) * blockRangeMs
      let list = byBlock.get(start)
      if (!list) byBlock.set(start, (list = []))
      const last = list[list.length - 1]
      if (last?.labels === labels) (last.chunks as BlockChunk[]).push(c)
      else list.push({ labels, chunks: [c] })
    }
  }
  for (const [start, series] of byBlock)
    writeBlock(dir, series, { minTime: start, maxTime: start + blockRangeMs }, { durable: false })
  const readers = openBlocks(dir)
  return blocksQueryable(() => readers)
}

/**
 * Everything in blocks, read back through the block reader: cut from a head for float-only data,
 * encoded from the samples when there are native histograms.
 */
export const blocksArrangement: Arrangement = {
  name: "blocks",
  histograms: true,
  load: (samples) =>
    syncStorage(
      samples.some((x) => x.h !== undefined)
        ? sampleBlocksOf(samples)
        : blocksOf(headOf(samples), Number.POSITIVE_INFINITY)
    )
}

/** Older data in blocks, newer in the head, merged (a block boundary inside the data). */
export const headBlocksArrangement: Arrangement = {
  name: "head+blocks",
  histograms: true,
  load: (samples) => {
    const times = samples.map((s) => s.t).sort((a, b) => a - b)
    const cut = Math.floor((times[Math.floor(times.length / 2)] ?? 0) / blockRangeMs) * blockRangeMs
    const all = headOf(samples)
    const late = headOf(samples.filter((s) => s.t >= cut))
    return syncStorage(mergeQueryable([blocksOf(all, cut), headQueryable(late)]))
  }
}

export const arrangements: ReadonlyArray<Arrangement> = [
  memoryArrangement,
  headArrangement,
  splitArrangement,
  blocksArrangement,
  headBlocksArrangement
]
