/**
 * Deleting samples from the head (the admin API's delete_series): the matching series' chunks are
 * rebuilt without the samples in [minT, maxT]. The series keeps its last sample time, so later
 * appends are still validated against it, as in Prometheus (deletion does not reopen the past).
 */
import type { Head } from "../head/head.ts"
import { HeadChunk } from "../head/head-chunk.ts"
import type { PlanMatcher } from "../promql/plan.ts"

/** Returns the number of samples removed. */
export const deleteFromHead = (
  head: Head,
  matchers: ReadonlyArray<PlanMatcher>,
  minT: number,
  maxT: number
): number => {
  let removed = 0
  for (const ref of head.postings.select(matchers)) {
    const s = head.series(ref)
    if (s === undefined) continue
    if (s.hist !== undefined) {
      const keep = s.hist.ts.map((t) => t < minT || t > maxT)
      removed += keep.filter((k) => !k).length
      const ts = s.hist.ts.filter((_, i) => keep[i])
      const hs = s.hist.hs.filter((_, i) => keep[i])
      s.hist = ts.length > 0 ? { ts, hs } : undefined
    }
    if (!s.chunks.some((c) => c.count > 0 && c.minTime <= maxT && minT <= c.maxTime)) continue
    const ts: number[] = []
    const vs: number[] = []
    for (const c of s.chunks) {
      const it = c.iterator()
      while (it.next()) {
        if (it.timeMs >= minT && it.timeMs <= maxT) {
          removed++
          continue
        }
        ts.push(it.timeMs)
        vs.push(it.value)
      }
    }
    const rebuilt: HeadChunk[] = []
    let cur: HeadChunk | undefined
    for (let i = 0; i < ts.length; i++) {
      if (cur === undefined || cur.mustCut(ts[i])) {
        cur = new HeadChunk(ts[i], head.options.chunkRangeMs, head.slab)
        rebuilt.push(cur)
      }
      cur.append(ts[i], vs[i])
    }
    for (const c of s.chunks) c.release()
    s.chunks = rebuilt
  }
  return removed
}
