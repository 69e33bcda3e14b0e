/**
 * One chunk of a head series: up to ~120 samples cut by Prometheus's rules (tsdb-block-format.md
 * §5.8: never across a multiple of the chunk range, spread evenly, hard cap 240). Samples are
 * kept as typed arrays here; the encoded (XOR) form is produced when a block is cut.
 */

export const samplesPerChunk = 120
export const maxSamplesPerChunk = 2 * samplesPerChunk

export class HeadChunk {
  readonly minTime: number
  nextAt: number
  count = 0
  ts: Float64Array
  vs: Float64Array
  constructor(t: number, chunkRangeMs: number) {
    this.minTime = t
    this.nextAt = Math.floor(t / chunkRangeMs) * chunkRangeMs + chunkRangeMs
    this.ts = new Float64Array(8)
    this.vs = new Float64Array(8)
  }
  get maxTime(): number {
    return this.ts[this.count - 1]
  }
  /** Whether a sample at t must go into a new chunk (and updates nextAt at a quarter full). */
  mustCut(t: number): boolean {
    if (this.count === samplesPerChunk / 4) {
      const k = (this.nextAt - this.minTime) / ((this.maxTime - this.minTime + 1) * 4)
      if (k > 1) this.nextAt = Math.trunc(this.minTime + (this.nextAt - this.minTime) / Math.floor(k))
    }
    return t >= this.nextAt || this.count >= maxSamplesPerChunk
  }
  append(t: number, v: number): void {
    if (this.count === this.ts.length) {
      const n = Math.min(this.ts.length * 2, maxSamplesPerChunk)
      const ts = new Float64Array(n)
      const vs = new Float64Array(n)
      ts.set(this.ts)
      vs.set(this.vs)
      this.ts = ts
      this.vs = vs
    }
    this.ts[this.count] = t
    this.vs[this.count] = v
    this.count++
  }
  /** Shrinks the arrays to the samples held (a chunk that will not grow any more). */
  seal(): void {
    this.ts = this.ts.slice(0, this.count)
    this.vs = this.vs.slice(0, this.count)
  }
}
