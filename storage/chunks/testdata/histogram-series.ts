/**
 * The native histogram series behind `prom-2.42-histograms.chunks_head`: deterministic, so the
 * generator sends them to a real Prometheus 2.42 and the test expects them back from the chunks
 * Prometheus wrote. Each one exercises a part of the histogram chunk format (see `note`).
 */

export interface HistogramPoint {
  readonly t: number
  readonly float: boolean
  /** Remote-write reset hint: 0 unknown, 1 yes, 2 no, 3 gauge. */
  readonly resetHint: number
  readonly schema: number
  readonly zeroThreshold: number
  readonly zeroCount: number
  readonly sum: number
  /** Flat (offset, length) pairs. */
  readonly positiveSpans: ReadonlyArray<number>
  readonly negativeSpans: ReadonlyArray<number>
  /** Absolute counts, aligned with the spans. */
  readonly positiveCounts: ReadonlyArray<number>
  readonly negativeCounts: ReadonlyArray<number>
}

export interface HistogramSeries {
  readonly labels: ReadonlyArray<readonly [string, string]>
  readonly note: string
  readonly points: ReadonlyArray<HistogramPoint>
}

export const histogramSamplesPerSeries = 130
const t0 = 1672534800000

const points = (f: (i: number) => Omit<HistogramPoint, "t">, jitterMs = 0): HistogramPoint[] =>
  Array.from({ length: histogramSamplesPerSeries }, (_, i) => ({
    t: t0 + i * 15_000 + (jitterMs === 0 ? 0 : ((i * 7919) % (2 * jitterMs)) - jitterMs),
    ...f(i)
  }))

export const countOf = (p: Omit<HistogramPoint, "t">): number =>
  p.zeroCount + p.positiveCounts.reduce((a, b) => a + b, 0) + p.negativeCounts.reduce((a, b) => a + b, 0)

export const histogramSeries: ReadonlyArray<HistogramSeries> = [
  {
    labels: [
      ["__name__", "fixture_histogram"],
      ["case", "int_counter"]
    ],
    note: "integer counter; schema 3; two positive spans, one negative; default zero threshold 2^-128",
    points: points((i) => ({
      float: false,
      resetHint: 0,
      schema: 3,
      zeroThreshold: 2 ** -128,
      zeroCount: i,
      sum: 0.25 * i * i + 1,
      positiveSpans: [-2, 3, 1, 2],
      negativeSpans: [0, 2],
      positiveCounts: [1 + i, 2 + 2 * i, 3 + 3 * i, i * i, 7 + (i >> 2)],
      negativeCounts: [i >> 1, 2 * i]
    }))
  },
  {
    labels: [
      ["__name__", "fixture_histogram"],
      ["case", "int_gauge"]
    ],
    note: "integer gauge histogram (hint 3): counts go down as well as up; zero threshold 0.001 (not a power of two)",
    points: points((i) => ({
      float: false,
      resetHint: 3,
      schema: 0,
      zeroThreshold: 0.001,
      zeroCount: (i * 37) % 11,
      sum: Math.sin(i) * 100,
      positiveSpans: [0, 4],
      negativeSpans: [],
      positiveCounts: [(i * 13) % 7, (i * 5) % 9, 3, (i * 29) % 17],
      negativeCounts: []
    }))
  },
  {
    labels: [
      ["__name__", "fixture_histogram"],
      ["case", "int_big"]
    ],
    note: "large counts and jittered timestamps: wide varbit buckets; schema -4; positive spans only",
    points: points(
      (i) => ({
        float: false,
        resetHint: 2,
        schema: -4,
        zeroThreshold: 0,
        zeroCount: 1_000_000_007 * i,
        sum: 1e15 + i * 123456.789,
        positiveSpans: [5, 2, 30, 1],
        negativeSpans: [],
        positiveCounts: [1e12 + i * 9_999_999_967, 3 * i * i * i, 2 ** 40 + i * 2 ** 33],
        negativeCounts: []
      }),
      600
    )
  },
  {
    labels: [
      ["__name__", "fixture_histogram"],
      ["case", "float_counter"]
    ],
    note: "float histogram; schema -2; zero threshold 1 (2^0); fractional counts",
    points: points((i) => ({
      float: true,
      resetHint: 0,
      schema: -2,
      zeroThreshold: 1,
      zeroCount: 0.5 * i,
      sum: i / 3,
      positiveSpans: [-1, 2, 2, 1],
      negativeSpans: [1, 1],
      positiveCounts: [0.1 * i, 2.5 + i, i / 7],
      negativeCounts: [1.25 * i]
    }))
  },
  {
    labels: [
      ["__name__", "fixture_histogram"],
      ["case", "int_layout_grows"]
    ],
    note: "a bucket appears at sample 50, so Prometheus recodes the open chunk with the wider layout",
    points: points((i) =>
      i < 50
        ? {
            float: false,
            resetHint: 0,
            schema: 1,
            zeroThreshold: 2 ** -128,
            zeroCount: 0,
            sum: i,
            positiveSpans: [0, 2],
            negativeSpans: [],
            positiveCounts: [i, 2 * i],
            negativeCounts: []
          }
        : {
            float: false,
            resetHint: 0,
            schema: 1,
            zeroThreshold: 2 ** -128,
            zeroCount: 0,
            sum: i,
            positiveSpans: [0, 2, 1, 1],
            negativeSpans: [],
            positiveCounts: [i, 2 * i, i - 49],
            negativeCounts: []
          }
    )
  }
]
