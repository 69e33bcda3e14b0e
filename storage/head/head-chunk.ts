/**
 * One chunk of a head series: an XOR chunk (Prometheus's encoding, ~1.3 bytes per sample) cut by
 * Prometheus's rules (tsdb-block-format.md §5.8: never across a multiple of the chunk range, spread
 * evenly, hard cap 240). The open chunk keeps its appender; a sealed one keeps only its bytes,
 * which a block writer can copy unchanged.
 */
import { XorAppender, XorIterator } from "../chunks/xor-chunk.ts"

export const samplesPerChunk = 120
export const maxSamplesPerChunk = 2 * samplesPerChunk

export class HeadChunk {
  readonly minTime: number
  maxTime: number
  nextAt: number
  count = 0
  /** Starts at 32 bytes (kept on V8's heap, doubling as samples come): a new or sparse series
   * does not hold a 256-byte buffer; a full chunk ends at the same size. */
  private appender: XorAppender | undefined = new XorAppender(32)
  private sealed: Uint8Array | undefined

  constructor(t: number, chunkRangeMs: number) {
    this.minTime = t
    this.maxTime = t
    this.nextAt = Math.floor(t / chunkRangeMs) * chunkRangeMs + chunkRangeMs
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
    if (!this.appender) throw new Error("bug: append to a sealed head chunk")
    this.appender.append(t, v)
    this.maxTime = t
    this.count++
  }

  /** No more samples will come: keep the bytes only. */
  seal(): void {
    if (!this.appender) return
    this.sealed = this.appender.bytes()
    this.appender = undefined
  }

  /** The XOR chunk's bytes (a copy for the open chunk). */
  bytes(): Uint8Array {
    return this.sealed ?? (this.appender as XorAppender).bytes()
  }

  /** Iterates the samples; pass a previous iterator to reuse it. */
  iterator(reuse?: XorIterator): XorIterator {
    return (reuse ?? new XorIterator()).reset(this.bytes())
  }

  /** Bytes held (for head memory accounting). */
  get sizeBytes(): number {
    return this.sealed?.length ?? (this.appender as XorAppender).bytes().length
  }
}
