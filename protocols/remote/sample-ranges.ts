/**
 * The samples one append transaction accepted, held as ranges of the caller's arrays (a decoded
 * request's flat buffers, a scrape batch) rather than copied sample by sample; turned into
 * remote-write 1.0 series only if a log entry must be encoded. The arrays must not change until
 * `toSeries` ran (a transaction commits in the same synchronous run as its appends).
 */
import type { EncodeSeries } from "./write-request-encoder.ts"

const noValues = new Float64Array(0)

export class SampleRanges {
  private readonly labels: Array<ReadonlyArray<string>> = []
  private readonly ts: Array<ArrayLike<number>> = []
  private readonly vs: Float64Array[] = []
  private readonly from: number[] = []
  private readonly to: number[] = []
  private readonly labelBytes: Array<Uint8Array | undefined> = []
  private readonly histograms: EncodeSeries[] = []
  /** Samples held. */
  samples = 0

  /**
   * Samples [from, to) of one series; an empty range is ignored. `labelBytes`: the labels
   * already encoded (encodeLabelFields), when the caller keeps them.
   */
  add(
    labels: ReadonlyArray<string>,
    ts: ArrayLike<number>,
    vs: Float64Array,
    from: number,
    to: number,
    labelBytes?: Uint8Array
  ): void {
    if (to <= from) return
    this.labels.push(labels)
    this.labelBytes.push(labelBytes)
    this.ts.push(ts)
    this.vs.push(vs)
    this.from.push(from)
    this.to.push(to)
    this.samples += to - from
  }

  /** A native histogram sample, as its encoded `Histogram` message. */
  addHistogram(labels: ReadonlyArray<string>, message: Uint8Array): void {
    const last = this.histograms[this.histograms.length - 1]
    if (last?.labels === labels) (last.histograms as Uint8Array[]).push(message)
    else this.histograms.push({ labels, timestamps: [], values: noValues, histograms: [message] })
    this.samples++
  }

  /** One series per range (over the caller's arrays, no copies), then the histograms. */
  toSeries(): EncodeSeries[] {
    const out: EncodeSeries[] = new Array(this.labels.length)
    for (let i = 0; i < out.length; i++) {
      out[i] = {
        labels: this.labels[i],
        timestamps: this.ts[i],
        values: this.vs[i],
        from: this.from[i],
        to: this.to[i],
        labelBytes: this.labelBytes[i]
      }
    }
    return this.histograms.length === 0 ? out : [...out, ...this.histograms]
  }
}
