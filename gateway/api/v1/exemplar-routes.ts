/**
 * `/api/v1/query_exemplars` (GET or POST form, spec §3.5). Without an exemplar store it answers as
 * Prometheus does with exemplar storage off: the same parameter checks and messages, then `[]` for
 * a query that selects series, or `204` with no body for one that selects none (`vector(1)`, `"s"`),
 * as the 2.42 peer does. With a store (`--enable-feature=exemplar-storage`) the selectors of the
 * query pick the series: `[{seriesLabels, exemplars: [{labels, value: "<float>", timestamp: <s>}]}]`.
 */
import { Effect } from "effect"
import { formatApiValue } from "../../../protocols/metrics/go-float.ts"
import type { Expr, VectorSelector } from "../../../protocols/promql/ast.ts"
import { parse } from "../../../protocols/promql/parser.ts"
import type { ExemplarStore } from "../../../storage/exemplars/exemplar-store.ts"
import { labelsToObject } from "../../../storage/labels/labels.ts"
import { InvalidMatcherError, type Matcher, makeMatcher } from "../../../storage/labels/matcher.ts"
import { apiErrorFrom, apiSuccess, corsHeaders } from "../../errors.ts"
import type { HttpRequest, HttpResponse, Route } from "../../http/http-types.ts"
import { noExpression } from "./format-query-routes.ts"
import { BadParameterError, maxTimeMs, mergeForm, minTimeMs, parseTimeParam } from "./params.ts"

/** True when any vector selector occurs in the expression. */
export const hasSelector = (root: Expr): boolean => selectorsOf(root).length > 0

/** Every vector selector of the expression, in source order (walked without recursion). */
export const selectorsOf = (root: Expr): VectorSelector[] => {
  const out: VectorSelector[] = []
  const stack: Expr[] = [root]
  while (stack.length > 0) {
    const e = stack.pop() as Expr
    switch (e.kind) {
      case "VectorSelector":
        out.push(e)
        break
      case "MatrixSelector":
        out.push(e.vector)
        break
      case "NumberLiteral":
      case "StringLiteral":
        break
      case "SubqueryExpr":
      case "UnaryExpr":
      case "ParenExpr":
        stack.push(e.expr)
        break
      case "AggregateExpr":
        stack.push(e.expr)
        if (e.param !== undefined) stack.push(e.param)
        break
      case "BinaryExpr":
        stack.push(e.rhs, e.lhs)
        break
      case "Call":
        for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i] as Expr)
        break
    }
  }
  return out
}

const formParams = (req: HttpRequest) =>
  Effect.map(
    req.method === "POST"
      ? Effect.orElseSucceed(req.body(), () => new Uint8Array())
      : Effect.succeed(undefined),
    (body) => mergeForm(req.query, req.headers["content-type"], body)
  )

const timeOr = (p: URLSearchParams, name: string, dflt: number) => {
  const raw = p.get(name)
  return raw === null || raw === "" ? dflt : parseTimeParam(name, raw)
}

/** The checks in Prometheus's order: start, end, their order, then the query. */
export const answerExemplars = (p: URLSearchParams, store?: ExemplarStore): HttpResponse => {
  const start = timeOr(p, "start", minTimeMs)
  if (start instanceof BadParameterError) return apiErrorFrom(start)
  const end = timeOr(p, "end", maxTimeMs)
  if (end instanceof BadParameterError) return apiErrorFrom(end)
  if (end < start) {
    return apiErrorFrom(new BadParameterError({ reason: "end timestamp must not be before start timestamp" }))
  }
  const query = p.get("query") ?? ""
  if (query.trim() === "") return apiErrorFrom(new BadParameterError({ reason: noExpression }))
  const r = parse(query)
  if (!r.ok) return apiErrorFrom(new BadParameterError({ reason: r.error.text }))
  const selectors = selectorsOf(r.expr)
  if (selectors.length === 0) return { status: 204, headers: corsHeaders }
  if (store === undefined) return apiSuccess([])
  const sets: Matcher[][] = []
  for (const sel of selectors) {
    const set: Matcher[] = []
    for (const m of sel.matchers) {
      const mm = makeMatcher(m.type, m.name, m.value)
      if (!(mm instanceof InvalidMatcherError)) set.push(mm)
    }
    sets.push(set)
  }
  return apiSuccess(
    store.select(start, end, sets).map((s) => ({
      seriesLabels: labelsToObject(s.seriesLabels),
      exemplars: s.exemplars.map((e) => ({
        labels: labelsToObject(e.labels),
        value: formatApiValue(e.value),
        timestamp: e.ts / 1000
      }))
    }))
  )
}

/** The route; `store` gives the exemplar store when exemplar storage is on. */
export const makeExemplarRoutes = (store?: () => ExemplarStore | undefined): ReadonlyArray<Route> => [
  {
    method: ["GET", "POST"],
    path: "/api/v1/query_exemplars",
    handler: (req) => Effect.map(formParams(req), (p) => answerExemplars(p, store?.()))
  }
]

export const exemplarRoutes: ReadonlyArray<Route> = makeExemplarRoutes()
