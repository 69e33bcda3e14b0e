/**
 * `/api/v1/series`, `/api/v1/labels` and `/api/v1/label/<name>/values` (spec §3.5): `match[]`
 * selectors parsed as PromQL, `start`/`end` defaulting to all time, `limit`, sorted output, and
 * Prometheus's messages for missing or bad parameters. Reads through a SeriesSource.
 */
import { Effect } from "effect"
import type { PlanMatcher } from "../../../storage/promql/plan.ts"
import { compareLabels, compareUtf8, type Labels } from "../../../storage/promql/values.ts"
import { apiError, apiErrorFrom, apiSuccess } from "../../errors.ts"
import type { HttpRequest, Route } from "../../http/http-types.ts"
import { type MatcherSets, parseMatchParams } from "./match-params.ts"
import { BadParameterError, maxTimeMs, mergeForm, minTimeMs, parseTimeParam } from "./params.ts"

/**
 * What the metadata endpoints read: series label sets in a time range, matching all matchers.
 * Local storage answers synchronously; a remote one (shard heads over the Bus) with a Promise,
 * whose rejection with a tagged error (e.g. StorageUnavailableError) becomes its API error.
 */
export interface SeriesSource {
  readonly series: (
    matchers: ReadonlyArray<PlanMatcher>,
    minMs: number,
    maxMs: number
  ) => ReadonlyArray<Labels> | Promise<ReadonlyArray<Labels>>
  /** All label names / values (no selector): may come from the index without reading series. */
  readonly labelNames: () => ReadonlyArray<string> | Promise<ReadonlyArray<string>>
  readonly labelValues: (name: string) => ReadonlyArray<string> | Promise<ReadonlyArray<string>>
}

const labelNameRe = /^[a-zA-Z_][a-zA-Z0-9_]*$/

const readParams = (req: HttpRequest) =>
  Effect.map(
    req.method === "POST" || req.method === "PUT"
      ? Effect.orElseSucceed(req.body(), () => new Uint8Array())
      : Effect.succeed(undefined),
    (body) => mergeForm(req.query, req.headers["content-type"], body)
  )

const range = (p: URLSearchParams): [number, number] | BadParameterError => {
  const s = p.get("start")
  const e = p.get("end")
  const start = s === null || s === "" ? minTimeMs : parseTimeParam("start", s)
  if (start instanceof BadParameterError) return start
  const end = e === null || e === "" ? maxTimeMs : parseTimeParam("end", e)
  if (end instanceof BadParameterError) return end
  return [start, end]
}

const limitOf = (p: URLSearchParams): number | BadParameterError => {
  const l = p.get("limit")
  if (l === null || l === "") return 0
  if (!/^\d+$/.test(l))
    return new BadParameterError({ parameter: "limit", reason: `cannot parse "${l}" to a valid limit` })
  return Number(l)
}

/** Collects distinct label sets matching any of the selectors, sorted. */
const matchingSeries = async (
  src: SeriesSource,
  sels: MatcherSets,
  start: number,
  end: number
): Promise<Labels[]> => {
  const seen = new Map<string, Labels>()
  for (const m of sels) for (const l of await src.series(m, start, end)) seen.set(l.join("\xff"), l)
  return [...seen.values()].sort(compareLabels)
}

/** The warning Prometheus 3 adds when `limit` cut the answer short. */
export const truncatedWarning = "results truncated due to limit"

interface Capped<T> {
  readonly _tag: "Capped"
  readonly data: ReadonlyArray<T>
  readonly warnings: ReadonlyArray<string>
}

/** At most `limit` items (0 = all), with Prometheus's warning when some were left out. */
const capped = <T>(xs: T[], limit: number): Capped<T> =>
  limit > 0 && xs.length > limit
    ? { _tag: "Capped", data: xs.slice(0, limit), warnings: [truncatedWarning] }
    : { _tag: "Capped", data: xs, warnings: [] }

const isCapped = (r: unknown): r is Capped<unknown> =>
  typeof r === "object" && r !== null && (r as { _tag?: unknown })._tag === "Capped"

const obj = (l: Labels) => {
  const o: Record<string, string> = {}
  for (let i = 0; i < l.length; i += 2) o[l[i]] = l[i + 1]
  return o
}

const isTagged = (e: unknown): e is { readonly _tag: string; readonly message: string } =>
  typeof e === "object" && e !== null && typeof (e as { _tag?: unknown })._tag === "string"

const handle = (f: (p: URLSearchParams) => unknown) => (req: HttpRequest) =>
  Effect.flatMap(readParams(req), (p) =>
    Effect.promise(async () => {
      let r: unknown
      try {
        r = await f(p)
      } catch (e) {
        if (isTagged(e)) return apiErrorFrom(e)
        throw e
      }
      if (r instanceof BadParameterError) return apiErrorFrom(r)
      return isCapped(r) ? apiSuccess(r.data, { warnings: r.warnings }) : apiSuccess(r)
    })
  )

/** labels and label values report selector errors without naming the parameter. */
const bare = { nameParameter: false, requireNonEmpty: true }

export const seriesRoutes = (src: SeriesSource): ReadonlyArray<Route> => [
  {
    // Prometheus routes DELETE here and answers that it is not implemented (use the admin API).
    method: "DELETE",
    path: "/api/v1/series",
    handler: () => Effect.succeed(apiError("internal", "not implemented"))
  },
  {
    method: ["GET", "POST"],
    path: "/api/v1/series",
    handler: handle((p) => {
      const matches = p.getAll("match[]")
      if (matches.length === 0) return new BadParameterError({ reason: "no match[] parameter provided" })
      const sels = parseMatchParams(matches, { nameParameter: true, requireNonEmpty: true })
      if (sels instanceof BadParameterError) return sels
      const r = range(p)
      if (r instanceof BadParameterError) return r
      const limit = limitOf(p)
      if (limit instanceof BadParameterError) return limit
      return matchingSeries(src, sels, r[0], r[1]).then((s) => capped(s.map(obj), limit))
    })
  },
  {
    method: ["GET", "POST"],
    path: "/api/v1/labels",
    handler: handle(async (p) => {
      const sels = parseMatchParams(p.getAll("match[]"), bare)
      if (sels instanceof BadParameterError) return sels
      const r = range(p)
      if (r instanceof BadParameterError) return r
      const limit = limitOf(p)
      if (limit instanceof BadParameterError) return limit
      let names: string[]
      if (sels.length === 0) names = [...(await src.labelNames())]
      else {
        const set = new Set<string>()
        for (const l of await matchingSeries(src, sels, r[0], r[1]))
          for (let i = 0; i < l.length; i += 2) set.add(l[i])
        names = [...set]
      }
      return capped(names.sort(compareUtf8), limit)
    })
  },
  {
    method: "GET",
    path: "/api/v1/label/:name/values",
    handler: (req) =>
      handle(async (p) => {
        const name = req.params.name
        if (!labelNameRe.test(name))
          return new BadParameterError({ reason: `invalid label name: ${JSON.stringify(name)}` })
        const sels = parseMatchParams(p.getAll("match[]"), bare)
        if (sels instanceof BadParameterError) return sels
        const r = range(p)
        if (r instanceof BadParameterError) return r
        const limit = limitOf(p)
        if (limit instanceof BadParameterError) return limit
        let values: string[]
        if (sels.length === 0) values = [...(await src.labelValues(name))]
        else {
          const set = new Set<string>()
          for (const l of await matchingSeries(src, sels, r[0], r[1])) {
            for (let i = 0; i < l.length; i += 2) if (l[i] === name) set.add(l[i + 1])
          }
          values = [...set]
        }
        return capped(values.sort(compareUtf8), limit)
      })(req)
  }
]
