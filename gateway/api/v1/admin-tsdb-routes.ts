/**
 * `/api/v1/admin/tsdb/{delete_series,clean_tombstones,snapshot}` (POST or PUT, form parameters
 * in the URL or body). Parameters are checked with Prometheus's messages and in its order; the
 * work is done by a TsdbAdmin the composition root supplies. Without one (the admin API not
 * enabled) every call answers `unavailable` "admin APIs disabled", as Prometheus does.
 */
import { Effect } from "effect"
import { apiError, apiErrorFrom, apiSuccess, corsHeaders } from "../../errors.ts"
import type { HttpRequest, HttpResponse, Route } from "../../http/http-types.ts"
import { type MatcherSets, parseMatchParams } from "./match-params.ts"
import { BadParameterError, maxTimeMs, mergeForm, minTimeMs, parseTimeParam } from "./params.ts"

/** What the admin endpoints ask of storage; the storage side implements it. */
export interface TsdbAdmin {
  /** Tombstones every series matching any one set, for samples in [startMs, endMs]. */
  deleteSeries(matchers: MatcherSets, startMs: number, endMs: number): Promise<void>
  /** Rewrites blocks without their tombstoned samples. */
  cleanTombstones(): Promise<void>
  /** Hard-links the current blocks (and the head unless skipped); resolves to the snapshot's name. */
  snapshot(skipHead: boolean): Promise<string>
}

const noContent: HttpResponse = { status: 204, headers: corsHeaders }

const disabled = () => apiError("unavailable", "admin APIs disabled")

/** URL parameters merged with a form body; Go's ParseForm reads bodies of POST and PUT. */
const formParams = (req: HttpRequest) =>
  Effect.map(
    req.method === "POST" || req.method === "PUT"
      ? Effect.orElseSucceed(req.body(), () => new Uint8Array())
      : Effect.succeed(undefined),
    (body) => mergeForm(req.query, req.headers["content-type"], body)
  )

const timeOr = (p: URLSearchParams, name: string, dflt: number) => {
  const raw = p.get(name)
  return raw === null || raw === "" ? dflt : parseTimeParam(name, raw)
}

/** Go's strconv.ParseBool; an empty value means false. */
export const parseBoolParam = (name: string, raw: string | null): boolean | BadParameterError => {
  if (raw === null || raw === "") return false
  if (["1", "t", "T", "TRUE", "true", "True"].includes(raw)) return true
  if (["0", "f", "F", "FALSE", "false", "False"].includes(raw)) return false
  return new BadParameterError({
    parameter: name,
    reason: `unable to parse boolean: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`
  })
}

export interface DeleteSeriesRequest {
  readonly matchers: MatcherSets
  readonly startMs: number
  readonly endMs: number
}

/** delete_series parameters in Prometheus's order: match[] present, start, end, selectors. */
export const deleteSeriesParams = (p: URLSearchParams): DeleteSeriesRequest | BadParameterError => {
  const matches = p.getAll("match[]")
  if (matches.length === 0) return new BadParameterError({ reason: "no match[] parameter provided" })
  const startMs = timeOr(p, "start", minTimeMs)
  if (startMs instanceof BadParameterError) return startMs
  const endMs = timeOr(p, "end", maxTimeMs)
  if (endMs instanceof BadParameterError) return endMs
  // Prometheus accepts selectors whose matchers all match "" here (they delete everything).
  const matchers = parseMatchParams(matches, { nameParameter: true, requireNonEmpty: false })
  if (matchers instanceof BadParameterError) return matchers
  return { matchers, startMs, endMs }
}

/** A failed storage call: `internal` with its message. */
const attempt = <A>(run: () => Promise<A>, ok: (a: A) => HttpResponse) =>
  Effect.match(Effect.tryPromise({ try: run, catch: (e) => (e instanceof Error ? e.message : String(e)) }), {
    onFailure: (message) => apiError("internal", message),
    onSuccess: ok
  })

const route = (
  name: string,
  admin: TsdbAdmin | undefined,
  run: (admin: TsdbAdmin, p: URLSearchParams) => Effect.Effect<HttpResponse>
): Route => ({
  method: ["POST", "PUT"],
  path: `/api/v1/admin/tsdb/${name}`,
  handler: (req) =>
    admin === undefined ? Effect.succeed(disabled()) : Effect.flatMap(formParams(req), (p) => run(admin, p))
})

export const adminTsdbRoutes = (admin: TsdbAdmin | undefined): ReadonlyArray<Route> => [
  route("delete_series", admin, (a, p) => {
    const r = deleteSeriesParams(p)
    if (r instanceof BadParameterError) return Effect.succeed(apiErrorFrom(r))
    return attempt(
      () => a.deleteSeries(r.matchers, r.startMs, r.endMs),
      () => noContent
    )
  }),
  route("clean_tombstones", admin, (a) =>
    attempt(
      () => a.cleanTombstones(),
      () => noContent
    )
  ),
  route("snapshot", admin, (a, p) => {
    const skipHead = parseBoolParam("skip_head", p.get("skip_head"))
    if (skipHead instanceof BadParameterError) return Effect.succeed(apiErrorFrom(skipHead))
    return attempt(
      () => a.snapshot(skipHead),
      (name) => apiSuccess({ name })
    )
  })
]
