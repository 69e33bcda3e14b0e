/**
 * `/api/v1/query_exemplars` (GET or POST form, spec §3.5). Vesta keeps no exemplars yet, so it
 * answers as Prometheus does with exemplar storage off: the same parameter checks and messages,
 * then `[]` for a query that selects series, or `204` with no body for one that selects none
 * (`vector(1)`, `"s"`), as the 2.42 peer does.
 */
import { Effect } from "effect"
import type { Expr } from "../../../protocols/promql/ast.ts"
import { parse } from "../../../protocols/promql/parser.ts"
import { apiErrorFrom, apiSuccess, corsHeaders } from "../../errors.ts"
import type { HttpRequest, HttpResponse, Route } from "../../http/http-types.ts"
import { noExpression } from "./format-query-routes.ts"
import { BadParameterError, maxTimeMs, mergeForm, minTimeMs, parseTimeParam } from "./params.ts"

/** True when any vector selector occurs in the expression (walked without recursion). */
export const hasSelector = (root: Expr): boolean => {
  const stack: Expr[] = [root]
  while (stack.length > 0) {
    const e = stack.pop() as Expr
    switch (e.kind) {
      case "VectorSelector":
      case "MatrixSelector":
        return true
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
        stack.push(e.lhs, e.rhs)
        break
      case "Call":
        stack.push(...e.args)
        break
    }
  }
  return false
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
export const answerExemplars = (p: URLSearchParams): HttpResponse => {
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
  if (!hasSelector(r.expr)) return { status: 204, headers: corsHeaders }
  return apiSuccess([])
}

export const exemplarRoutes: ReadonlyArray<Route> = [
  {
    method: ["GET", "POST"],
    path: "/api/v1/query_exemplars",
    handler: (req) => Effect.map(formParams(req), answerExemplars)
  }
]
