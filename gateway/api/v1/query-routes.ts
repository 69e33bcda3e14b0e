/**
 * `/api/v1/query` and `/api/v1/query_range` (GET or POST form, spec §3.4): parameter checks with
 * Prometheus's messages (times, step, the 11,000-point limit, timeout), evaluation through the
 * QueryEngine service, results in Prometheus's JSON with warnings and infos.
 */
import { Context, Effect, Schema } from "effect"
import type { QueryOutput } from "../../../storage/promql/engine.ts"
import type { FloatHistogram } from "../../../storage/promql/histogram.ts"
import { apiError, apiErrorFrom, corsHeaders, type ErrorType } from "../../errors.ts"
import type { HttpRequest, HttpResponse, Route } from "../../http/http-types.ts"
import { noExpression } from "./format-query-routes.ts"
import { formatTime, histogramPointJson, labelsJson, pointJson } from "./json-format.ts"
import { BadParameterError, mergeForm, parseDurationParam, parseTimeParam } from "./params.ts"

/** A query that could not run: parse errors, limits, timeouts, storage trouble. */
export class QueryFailedError extends Schema.TaggedError<QueryFailedError>()("QueryFailedError", {
  errorType: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return this.reason
  }
}

export interface QueryRequest {
  readonly query: string
  readonly startMs: number
  readonly endMs: number
  /** 0 = instant query. */
  readonly stepMs: number
  /** The effective timeout (request's, capped by the server's). */
  readonly timeoutMs: number
}

export class QueryEngine extends Context.Service<
  QueryEngine,
  {
    readonly run: (request: QueryRequest) => Effect.Effect<QueryOutput, QueryFailedError>
    /** The server's --query.timeout. */
    readonly defaultTimeoutMs: number
  }
>()("gateway/api/v1/QueryEngine") {}

const maxPointsPerSeries = 11_000

/** A matrix series: `values` unless it has only histograms, `histograms` when it has any. */
const matrixSeriesJson = (s: {
  readonly labels: ReadonlyArray<string>
  readonly points: ReadonlyArray<readonly [number, number]>
  readonly histograms?: ReadonlyArray<readonly [number, FloatHistogram]>
}): string => {
  const hs = s.histograms ?? []
  let out = `{"metric":${labelsJson(s.labels)}`
  if (s.points.length > 0 || hs.length === 0)
    out += `,"values":[${s.points.map(([t, v]) => pointJson(t, v)).join(",")}]`
  if (hs.length > 0) out += `,"histograms":[${hs.map(([t, h]) => histogramPointJson(t, h)).join(",")}]`
  return `${out}}`
}

/** The result as Prometheus serializes it, built as text (see json-format.ts). */
export const resultJson = (out: QueryOutput): string => {
  const r = out.result
  let data: string
  switch (r.resultType) {
    case "scalar":
      data = pointJson(r.result[0], r.result[1])
      break
    case "string":
      data = `[${formatTime(r.result[0])},${JSON.stringify(r.result[1])}]`
      break
    case "vector":
      data = `[${r.result.map((s) => `{"metric":${labelsJson(s.labels)},${s.h ? `"histogram":${histogramPointJson(s.t, s.h)}` : `"value":${pointJson(s.t, s.v)}`}}`).join(",")}]`
      break
    case "matrix":
      data = `[${r.result.map(matrixSeriesJson).join(",")}]`
      break
  }
  let body = `{"status":"success","data":{"resultType":"${r.resultType}","result":${data}}`
  if (out.warnings.length > 0) body += `,"warnings":${JSON.stringify(out.warnings)}`
  if (out.infos.length > 0) body += `,"infos":${JSON.stringify(out.infos)}`
  return `${body}}`
}

const params = (req: HttpRequest) =>
  Effect.map(
    req.method === "POST"
      ? Effect.orElseSucceed(req.body(), () => new Uint8Array())
      : Effect.succeed(undefined),
    (body) => mergeForm(req.query, req.headers["content-type"], body)
  )

const orFail = <A>(v: A | BadParameterError): Effect.Effect<A, BadParameterError> =>
  v instanceof BadParameterError ? Effect.fail(v) : Effect.succeed(v)

const timeoutOf = (p: URLSearchParams, engine: QueryEngine["Service"]) =>
  Effect.gen(function* () {
    const raw = p.get("timeout")
    if (raw === null || raw === "") return engine.defaultTimeoutMs
    const ms = yield* orFail(parseDurationParam("timeout", raw))
    return Math.min(ms, engine.defaultTimeoutMs)
  })

const requireQuery = (p: URLSearchParams) => {
  const q = p.get("query")
  // Prometheus's parser words an empty input this way (ours says "unexpected end of input").
  return q === null || q.trim() === ""
    ? Effect.fail(new BadParameterError({ parameter: "query", reason: noExpression }))
    : Effect.succeed(q)
}

const respond = (
  e: Effect.Effect<QueryOutput, BadParameterError | QueryFailedError>
): Effect.Effect<HttpResponse> =>
  e.pipe(
    Effect.map((out) => ({
      status: 200,
      headers: { "content-type": "application/json", ...corsHeaders },
      body: resultJson(out)
    })),
    Effect.catchTag("QueryFailedError", (f) => Effect.succeed(apiError(f.errorType as ErrorType, f.reason))),
    Effect.catchTag("BadParameterError", (e) => Effect.succeed(apiErrorFrom(e)))
  )

export const queryRoutes = (engine: QueryEngine["Service"]): ReadonlyArray<Route> => [
  {
    method: ["GET", "POST"],
    path: "/api/v1/query",
    handler: (req) =>
      respond(
        Effect.gen(function* () {
          const p = yield* params(req)
          const query = yield* requireQuery(p)
          const t = p.get("time")
          const timeMs = t === null || t === "" ? Date.now() : yield* orFail(parseTimeParam("time", t))
          const timeoutMs = yield* timeoutOf(p, engine)
          return yield* engine.run({ query, startMs: timeMs, endMs: timeMs, stepMs: 0, timeoutMs })
        })
      )
  },
  {
    method: ["GET", "POST"],
    path: "/api/v1/query_range",
    handler: (req) =>
      respond(
        Effect.gen(function* () {
          const p = yield* params(req)
          const query = yield* requireQuery(p)
          const startMs = yield* orFail(parseTimeParam("start", p.get("start") ?? ""))
          const endMs = yield* orFail(parseTimeParam("end", p.get("end") ?? ""))
          if (endMs < startMs) {
            return yield* new BadParameterError({
              parameter: "end",
              reason: "end timestamp must not be before start time"
            })
          }
          const stepMs = yield* orFail(parseDurationParam("step", p.get("step") ?? ""))
          if (stepMs <= 0) {
            return yield* new BadParameterError({
              parameter: "step",
              reason: "zero or negative query resolution step widths are not accepted. Try a positive integer"
            })
          }
          if ((endMs - startMs) / stepMs > maxPointsPerSeries) {
            return yield* new BadParameterError({
              reason:
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
            })
          }
          const timeoutMs = yield* timeoutOf(p, engine)
          return yield* engine.run({ query, startMs, endMs, stepMs, timeoutMs })
        })
      )
  }
]
