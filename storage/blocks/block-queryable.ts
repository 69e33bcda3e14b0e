/**
 * Blocks on disk as a Queryable: each block opened once (index header in memory), series and
 * chunks read by range for the blocks overlapping the query, several blocks merged in order.
 * XOR chunks only for now; other encodings fail with a clear error.
 */
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { encodingXor, XorIterator } from "../chunks/xor-chunk.ts"
import { compareLabels, compareUtf8, type Labels } from "../promql/values.ts"
import { ArraySeriesSet, arraySeries, type Queryable, StorageUnavailableError } from "../queryable.ts"
import { BlockReader } from "./block-reader.ts"
import { isUlid } from "./ulid.ts"

/** Opens every block directory (named by a ULID) under `dir`, ordered by minTime. */
export const openBlocks = (dir: string): BlockReader[] =>
  readdirSync(dir)
    .filter(isUlid)
    .map((name) => new BlockReader(join(dir, name)))
    .sort((a, b) => a.meta.minTime - b.meta.minTime)

const readSeries = (r: BlockReader, id: number, minMs: number, maxMs: number, it: XorIterator) => {
  const entry = r.series(id)
  const ts: number[] = []
  const vs: number[] = []
  for (const c of entry.chunks) {
    if (c.maxTime < minMs || c.minTime > maxMs) continue
    const { encoding, data } = r.chunk(c.ref)
    if (encoding !== encodingXor)
      throw new Error(`chunk encoding ${encoding} is not supported yet (block ${r.meta.ulid})`)
    it.reset(data)
    while (it.next()) {
      if (it.timeMs < minMs) continue
      if (it.timeMs > maxMs) break
      ts.push(it.timeMs)
      vs.push(it.value)
    }
  }
  return { labels: entry.labels, ts, vs }
}

export const blocksQueryable = (blocks: () => ReadonlyArray<BlockReader>): Queryable => ({
  querier: (minTimeMs, maxTimeMs) =>
    Effect.sync(() => {
      // Block maxTime is exclusive.
      const readers = blocks().filter((b) => b.meta.maxTime > minTimeMs && b.meta.minTime <= maxTimeMs)
      const wrap = <A>(f: () => A) =>
        Effect.try({ try: f, catch: (cause) => new StorageUnavailableError({ source: "blocks", cause }) })
      return {
        select: (matchers, hints) =>
          wrap(() => {
            const lo = Math.max(minTimeMs, hints?.startMs ?? minTimeMs)
            const hi = Math.min(maxTimeMs, hints?.endMs ?? maxTimeMs)
            const it = new XorIterator()
            const byKey = new Map<string, { labels: Labels; ts: number[]; vs: number[] }>()
            for (const r of readers) {
              for (const id of r.select(matchers)) {
                const s = readSeries(r, id, lo, hi, it)
                if (s.ts.length === 0) continue
                const key = s.labels.join("\xff")
                const e = byKey.get(key)
                if (!e) byKey.set(key, s)
                else {
                  // Blocks are in time order and do not overlap here; overlaps dedup in merge/.
                  e.ts.push(...s.ts)
                  e.vs.push(...s.vs)
                }
              }
            }
            const series = [...byKey.values()]
              .sort((a, b) => compareLabels(a.labels, b.labels))
              .map((s) => {
                const values = new Float64Array(s.vs.length)
                for (let i = 0; i < s.vs.length; i++) values[i] = s.vs[i]
                return arraySeries(s.labels, Float64Array.from(s.ts), values)
              })
            return new ArraySeriesSet(series)
          }),
        labelNames: (matchers) =>
          wrap(() => {
            const names = new Set<string>()
            for (const r of readers) {
              if (matchers.length === 0) for (const n of r.labelNames()) names.add(n)
              else
                for (const id of r.select(matchers))
                  for (let i = 0; i < r.series(id).labels.length; i += 2) names.add(r.series(id).labels[i])
            }
            return [...names].sort(compareUtf8)
          }),
        labelValues: (name, matchers) =>
          wrap(() => {
            const values = new Set<string>()
            for (const r of readers) {
              if (matchers.length === 0) for (const v of r.labelValues(name)) values.add(v)
              else {
                for (const id of r.select(matchers)) {
                  const l = r.series(id).labels
                  for (let i = 0; i < l.length; i += 2) if (l[i] === name) values.add(l[i + 1])
                }
              }
            }
            return [...values].sort(compareUtf8)
          })
      }
    })
})
