/**
 * The storage arrangements every PromQL peer file runs against: the engine's reference in-memory
 * storage, the TSDB head, and two heads split in time merged through the Queryable seam.
 * Blocks-only and head+blocks join when blocks can be cut.
 */
import { Effect } from "effect"
import { Head } from "../../../storage/head/head.ts"
import { headQueryable } from "../../../storage/head/head-queryable.ts"
import { mergeQueryable } from "../../../storage/merge/merge-queryable.ts"
import { MemoryStorage } from "../../../storage/promql/memory-storage.ts"
import type { RawSeries } from "../../../storage/promql/values.ts"
import type { Arrangement } from "./peer-runner.ts"

export const memoryArrangement: Arrangement = {
  name: "memory",
  load: (samples) => {
    const s = new MemoryStorage()
    for (const x of samples) s.append(x.labels, x.t, x.v)
    return s
  }
}

export const headArrangement: Arrangement = {
  name: "head",
  load: (samples) => {
    // The peer files load data far in the past relative to each other; a huge chunk range keeps
    // the head's out-of-bounds rule (half a range behind the newest sample) out of the way.
    const h = new Head({ chunkRangeMs: 2 * 3600_000, outOfOrderTimeWindowMs: 0 })
    const sorted = [...samples].sort((a, b) => a.t - b.t)
    for (const x of sorted) {
      const s = h.getOrCreate(x.labels)
      const err = h.appendTo(s, x.t, x.v)
      if (err) throw new Error(`head rejected a sample at ${x.t}: ${err}`)
    }
    return h
  }
}

/**
 * Head + head split in time (what head + blocks looks like, the boundary sample in both), read
 * through mergeQueryable: the Queryable seam end to end.
 */
export const splitArrangement: Arrangement = {
  name: "split",
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
                const it = s.samples()
                const ts: number[] = []
                const vs: number[] = []
                while (it.next()) {
                  ts.push(it.timeMs)
                  vs.push(it.value)
                }
                const values = new Float64Array(vs.length)
                for (let i = 0; i < vs.length; i++) values[i] = vs[i]
                out.push({ labels: s.labels, ts: Float64Array.from(ts), vs: values })
              }
              return out
            })
          )
        )
    }
  }
}

export const arrangements: ReadonlyArray<Arrangement> = [memoryArrangement, headArrangement, splitArrangement]
