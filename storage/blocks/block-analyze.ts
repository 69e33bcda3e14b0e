/**
 * `tsdb analyze` as promtool 2.42 prints it, learned black-box from promtool on fixture blocks and
 * crafted ones: counts of series, label names and postings; churn per label pair and name (the
 * share of the block's time range a series does not cover, summed over series carrying the label,
 * in whole block lengths); the most common pairs; label names by cumulative distinct-value byte
 * length and by cardinality; metric names by series count; with `extended`, the chunk-fullness
 * histogram (bucket = ceil(samples / 12), bars = floor(100 × chunks in bucket / chunks)).
 * promtool orders ties of the churn and common-pair lists in Go map order (random); here ties sort
 * by name, as promtool's other lists do.
 */
import { goDuration } from "../../protocols/values/go-duration.ts"
import type { BlockReader } from "./block-reader.ts"

export interface AnalyzeOptions {
  readonly limit: number
  readonly extended: boolean
}

const utf8Length = (s: string): number => Buffer.byteLength(s, "utf8")

const bump = (m: Map<string, number>, key: string, by: number): void => {
  m.set(key, (m.get(key) ?? 0) + by)
}

/** Highest count first, ties by key; at most `limit` lines of `count key`. */
const top = (m: ReadonlyMap<string, number>, limit: number): string => {
  const rows = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return rows
    .slice(0, limit)
    .map(([k, v]) => `${v} ${k}\n`)
    .join("")
}

/** Samples in a chunk: XOR and histogram chunks start with a big-endian uint16 sample count. */
const chunkSamples = (data: Uint8Array): number => (data.length < 2 ? 0 : (data[0] << 8) | data[1])

export const analyzeBlock = (b: BlockReader, opts: AnalyzeOptions): string => {
  const meta = b.meta
  const span = meta.maxTime - meta.minTime
  const pairSeries = new Map<string, number>()
  const pairUncovered = new Map<string, number>()
  const nameUncovered = new Map<string, number>()
  const valuesByName = new Map<string, Set<string>>()
  const fullness = new Array<number>(10).fill(0)
  let series = 0
  let entries = 0
  let chunks = 0
  for (const id of b.select([])) {
    const s = b.series(id)
    series++
    const first = s.chunks[0]
    const last = s.chunks[s.chunks.length - 1]
    const uncovered = first === undefined ? span : span - (last.maxTime - first.minTime)
    for (let i = 0; i < s.labels.length; i += 2) {
      const name = s.labels[i]
      const value = s.labels[i + 1]
      const pair = `${name}=${value}`
      entries++
      bump(pairSeries, pair, 1)
      bump(pairUncovered, pair, uncovered)
      bump(nameUncovered, name, uncovered)
      let values = valuesByName.get(name)
      if (values === undefined) valuesByName.set(name, (values = new Set()))
      values.add(value)
    }
    if (opts.extended)
      for (let i = 0; i < s.chunks.length; i++) {
        const n = chunkSamples(b.chunk(s.chunks[i].ref, s.chunks[i + 1]?.ref).data)
        fullness[Math.min(9, Math.max(0, Math.ceil(n / 12) - 1))]++
        chunks++
      }
  }
  const wholeSpans = (m: Map<string, number>) =>
    new Map([...m].map(([k, v]) => [k, span > 0 ? Math.floor(v / span) : 0]))
  const valueLength = new Map<string, number>()
  const cardinality = new Map<string, number>()
  for (const [name, values] of valuesByName) {
    let len = 0
    for (const v of values) len += utf8Length(v)
    valueLength.set(name, len)
    cardinality.set(name, values.size)
  }
  const metricNames = new Map<string, number>()
  for (const [pair, n] of pairSeries) if (pair.startsWith("__name__=")) metricNames.set(pair.slice(9), n)
  let out =
    `Block ID: ${meta.ulid}\n` +
    `Duration: ${goDuration(span)}\n` +
    `Series: ${series}\n` +
    `Label names: ${valuesByName.size}\n` +
    `Postings (unique label pairs): ${pairSeries.size}\n` +
    `Postings entries (total label pairs): ${entries}\n` +
    `\nLabel pairs most involved in churning:\n${top(wholeSpans(pairUncovered), opts.limit)}` +
    `\nLabel names most involved in churning:\n${top(wholeSpans(nameUncovered), opts.limit)}` +
    `\nMost common label pairs:\n${top(pairSeries, opts.limit)}` +
    `\nLabel names with highest cumulative label value length:\n${top(valueLength, opts.limit)}` +
    `\nHighest cardinality labels:\n${top(cardinality, opts.limit)}` +
    `\nHighest cardinality metric names:\n${top(metricNames, opts.limit)}`
  if (opts.extended) {
    out += "\nCompaction analysis:\nFullness: Amount of samples in chunks (100% is 120 samples)\n"
    for (let i = 0; i < 10; i++)
      out += `${String((i + 1) * 10).padStart(7)}%: ${"#".repeat(chunks > 0 ? Math.floor((100 * fullness[i]) / chunks) : 0)}\n`
  }
  return out
}
