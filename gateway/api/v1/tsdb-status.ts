/**
 * `/api/v1/status/tsdb` (spec §3.5): head cardinality statistics in Prometheus's shape, computed
 * from the label sets of the head's series. `computeTsdbStatus` keeps every entry, ranked; the
 * route cuts each list to `limit` (default 10). Plain code; the composition root supplies the
 * series, the chunk count and the head's time range.
 */
import { Effect } from "effect"
import { apiErrorFrom, corsHeaders } from "../../errors.ts"
import type { HttpResponse, Route } from "../../http/http-types.ts"
import { BadParameterError } from "./params.ts"

/** A flat label set `[name, value, name, value, …]`, as SeriesSource returns them. */
export type SeriesLabels = ReadonlyArray<string>

export interface TsdbStat {
  readonly name: string
  readonly value: number
}

export interface TsdbHeadStats {
  readonly numSeries: number
  /** Distinct name=value pairs over all series. */
  readonly numLabelPairs: number
  readonly chunkCount: number
  /** Undefined for an empty head (Prometheus then shows int64 max and min). */
  readonly minTimeMs: number | undefined
  readonly maxTimeMs: number | undefined
}

/** Every list complete and ranked: value descending, then name ascending. */
export interface TsdbStatus {
  readonly headStats: TsdbHeadStats
  readonly seriesCountByMetricName: ReadonlyArray<TsdbStat>
  readonly labelValueCountByLabelName: ReadonlyArray<TsdbStat>
  /** Bytes of the distinct values of each label name (UTF-8). */
  readonly memoryInBytesByLabelName: ReadonlyArray<TsdbStat>
  /** `name=value` → number of series carrying it. */
  readonly seriesCountByLabelValuePair: ReadonlyArray<TsdbStat>
}

export interface HeadSummary {
  readonly series: Iterable<SeriesLabels>
  readonly chunkCount: number
  readonly minTimeMs: number | undefined
  readonly maxTimeMs: number | undefined
}

const ranked = (m: ReadonlyMap<string, number>): TsdbStat[] =>
  [...m]
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by)

export const computeTsdbStatus = (head: HeadSummary): TsdbStatus => {
  let numSeries = 0
  const byMetric = new Map<string, number>()
  const byPair = new Map<string, number>()
  const valuesByName = new Map<string, Set<string>>()
  for (const l of head.series) {
    numSeries++
    for (let i = 0; i < l.length; i += 2) {
      const name = l[i]
      const value = l[i + 1]
      if (name === "__name__") bump(byMetric, value)
      bump(byPair, `${name}=${value}`)
      let vs = valuesByName.get(name)
      if (vs === undefined) valuesByName.set(name, (vs = new Set()))
      vs.add(value)
    }
  }
  const valueCount = new Map<string, number>()
  const memory = new Map<string, number>()
  for (const [name, vs] of valuesByName) {
    valueCount.set(name, vs.size)
    let bytes = 0
    for (const v of vs) bytes += Buffer.byteLength(v, "utf8")
    memory.set(name, bytes)
  }
  return {
    headStats: {
      numSeries,
      numLabelPairs: byPair.size,
      chunkCount: head.chunkCount,
      minTimeMs: numSeries === 0 ? undefined : head.minTimeMs,
      maxTimeMs: numSeries === 0 ? undefined : head.maxTimeMs
    },
    seriesCountByMetricName: ranked(byMetric),
    labelValueCountByLabelName: ranked(valueCount),
    memoryInBytesByLabelName: ranked(memory),
    seriesCountByLabelValuePair: ranked(byPair)
  }
}

/** Go's int64 extremes, which JSON numbers in JS cannot carry exactly; written as text. */
const int64Max = "9223372036854775807"
const int64Min = "-9223372036854775808"

/** The largest `limit` Prometheus 3 accepts. */
export const maxTsdbStatusLimit = 10_000

/** `limit`: default 10; Prometheus 3's message for anything but 1…10000 (2.42 ignores it). */
export const tsdbLimit = (raw: string | null): number | BadParameterError => {
  if (raw === null || raw === "") return 10
  const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1)
    return new BadParameterError({ reason: "limit must be a positive number" })
  if (n > maxTsdbStatusLimit)
    return new BadParameterError({ reason: `limit must not exceed ${maxTsdbStatusLimit}` })
  return n
}

/** The response body, built as text so the empty head's int64 bounds come out exact. */
export const tsdbStatusJson = (s: TsdbStatus, limit: number): string => {
  const h = s.headStats
  const list = (xs: ReadonlyArray<TsdbStat>) => JSON.stringify(xs.slice(0, limit))
  return (
    `{"status":"success","data":{"headStats":{"numSeries":${h.numSeries},"numLabelPairs":${h.numLabelPairs},` +
    `"chunkCount":${h.chunkCount},"minTime":${h.minTimeMs ?? int64Max},"maxTime":${h.maxTimeMs ?? int64Min}},` +
    `"seriesCountByMetricName":${list(s.seriesCountByMetricName)},` +
    `"labelValueCountByLabelName":${list(s.labelValueCountByLabelName)},` +
    `"memoryInBytesByLabelName":${list(s.memoryInBytesByLabelName)},` +
    `"seriesCountByLabelValuePair":${list(s.seriesCountByLabelValuePair)}}}`
  )
}

export const tsdbStatusRoutes = (status: () => TsdbStatus): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/api/v1/status/tsdb",
    handler: (req) =>
      Effect.sync((): HttpResponse => {
        const limit = tsdbLimit(req.query.get("limit"))
        if (limit instanceof BadParameterError) return apiErrorFrom(limit)
        return {
          status: 200,
          headers: { "content-type": "application/json", ...corsHeaders },
          body: tsdbStatusJson(status(), limit)
        }
      })
  }
]
