/**
 * The chunk encoding byte as stored in chunk records (tsdb-block-format.md §4.4) and the chunk
 * size limits Vesta cuts at (§5.8). Names only; encoders and decoders live beside this.
 */

export const ChunkEncoding = {
  none: 0,
  /** Float samples, Gorilla-style XOR (§5). The only encoding Vesta writes. */
  xor: 1,
  /** Integer native histograms. */
  histogram: 2,
  /** Float native histograms. */
  floatHistogram: 3,
  /** Floats with a new control prefix and optional start timestamps (Prometheus ≥ 3.11, opt-in). */
  xor2: 4,
  histogramSt: 5,
  floatHistogramSt: 6
} as const

export type ChunkEncoding = (typeof ChunkEncoding)[keyof typeof ChunkEncoding]

const names: Record<number, string> = {
  0: "none",
  1: "XOR",
  2: "histogram",
  3: "floathistogram",
  4: "XOR2",
  5: "histogramST",
  6: "floathistogramST"
}

/** Prometheus's name for an encoding byte, or `unknown(N)`. */
export const encodingName = (e: number): string => names[e] ?? `unknown(${e})`

/**
 * Samples after which a chunk counts as full. Prometheus targets 120 per chunk (and spreads a
 * 2 h range evenly over chunks of about that size); Vesta cuts exactly at 120.
 */
export const samplesPerChunk = 120

/**
 * Byte size after which a float chunk counts as full. Prometheus ≥ 2.47 cuts a new chunk before
 * appending once the current one is larger than 1024 − 19 bytes; noisy 64-bit values reach that
 * before 120 samples. Vesta applies the same bound.
 */
export const chunkBytesMax = 1024 - 19
