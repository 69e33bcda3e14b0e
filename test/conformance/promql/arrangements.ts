/**
 * The storage arrangements every PromQL peer file runs against: the engine's reference in-memory
 * storage and the TSDB head. Blocks-only and head+blocks split join when blocks can be cut.
 */
import { Head } from "../../../storage/head/head.ts"
import { MemoryStorage } from "../../../storage/promql/memory-storage.ts"
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

export const arrangements: ReadonlyArray<Arrangement> = [memoryArrangement, headArrangement]
