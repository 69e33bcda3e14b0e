/**
 * A head series' out-of-order samples (accepted when `out_of_order_time_window` > 0): an open,
 * sorted buffer of up to 32 samples (Prometheus's `out_of_order_cap_max` default) that is sealed
 * into an XOR chunk when full. Sealed chunks are each sorted but may overlap one another; reads
 * merge them. A timestamp already in the open buffer is dropped (the first value wins), as
 * Prometheus 2.42 does without an error. Plain code; the head owns it.
 */
import { XorAppender, XorIterator } from "../chunks/xor-chunk.ts"

export const oooChunkCapacity = 32

interface SealedOooChunk {
  readonly minTime: number
  readonly maxTime: number
  readonly data: Uint8Array
}

export class OooSamples {
  private readonly sealed: SealedOooChunk[] = []
  private ts: number[] = []
  private vs: number[] = []
  minTime = Number.POSITIVE_INFINITY
  maxTime = Number.NEGATIVE_INFINITY

  /** False when the open buffer already holds `t` (the sample is dropped). */
  insert(t: number, v: number): boolean {
    const ts = this.ts
    let lo = 0
    let hi = ts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (ts[mid] < t) lo = mid + 1
      else hi = mid
    }
    if (lo < ts.length && ts[lo] === t) return false
    ts.splice(lo, 0, t)
    this.vs.splice(lo, 0, v)
    if (t < this.minTime) this.minTime = t
    if (t > this.maxTime) this.maxTime = t
    if (ts.length >= oooChunkCapacity) this.seal()
    return true
  }

  private seal(): void {
    const a = new XorAppender()
    for (let i = 0; i < this.ts.length; i++) a.append(this.ts[i], this.vs[i])
    this.sealed.push({ minTime: this.ts[0], maxTime: this.ts[this.ts.length - 1], data: a.bytes() })
    this.ts = []
    this.vs = []
  }

  get empty(): boolean {
    return this.ts.length === 0 && this.sealed.length === 0
  }

  /**
   * The samples in [minMs, maxMs] in time order, one per timestamp (the earliest inserted wins).
   */
  samples(minMs: number, maxMs: number): { readonly ts: number[]; readonly vs: number[] } {
    const parts: Array<{ ts: number[]; vs: number[] }> = []
    const it = new XorIterator()
    for (const c of this.sealed) {
      if (c.maxTime < minMs || c.minTime > maxMs) continue
      const p = { ts: [] as number[], vs: [] as number[] }
      it.reset(c.data)
      while (it.next()) {
        const t = it.timeMs
        if (t < minMs) continue
        if (t > maxMs) break
        p.ts.push(t)
        p.vs.push(it.value)
      }
      parts.push(p)
    }
    const open = { ts: [] as number[], vs: [] as number[] }
    for (let i = 0; i < this.ts.length; i++)
      if (this.ts[i] >= minMs && this.ts[i] <= maxMs) {
        open.ts.push(this.ts[i])
        open.vs.push(this.vs[i])
      }
    parts.push(open)
    return mergeSorted(parts)
  }

  /** Removes the samples in [minT, maxT]; returns how many. */
  deleteRange(minT: number, maxT: number): number {
    const all = this.samples(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)
    let removed = 0
    this.sealed.length = 0
    this.ts = []
    this.vs = []
    this.minTime = Number.POSITIVE_INFINITY
    this.maxTime = Number.NEGATIVE_INFINITY
    for (let i = 0; i < all.ts.length; i++) {
      if (all.ts[i] >= minT && all.ts[i] <= maxT) removed++
      else this.insert(all.ts[i], all.vs[i])
    }
    return removed
  }
}

/** k-way merge of sorted runs; on equal timestamps the earlier run wins. */
export const mergeSorted = (
  parts: ReadonlyArray<{ readonly ts: ReadonlyArray<number>; readonly vs: ReadonlyArray<number> }>
): { ts: number[]; vs: number[] } => {
  const ts: number[] = []
  const vs: number[] = []
  const pos = parts.map(() => 0)
  for (;;) {
    let best = -1
    let bt = Number.POSITIVE_INFINITY
    for (let k = 0; k < parts.length; k++) {
      const p = pos[k]
      if (p < parts[k].ts.length && parts[k].ts[p] < bt) {
        bt = parts[k].ts[p]
        best = k
      }
    }
    if (best < 0) break
    ts.push(bt)
    vs.push(parts[best].vs[pos[best]])
    for (let k = 0; k < parts.length; k++)
      while (pos[k] < parts[k].ts.length && parts[k].ts[pos[k]] === bt) pos[k]++
  }
  return { ts, vs }
}
