/**
 * `/api/v1/format_query` (GET or POST): the query pretty-printed as Prometheus prints it, or the
 * parse error as `bad_data` with Prometheus's text. `/api/v1/parse_query` (Prometheus 3.0+; 404 in
 * 2.42): the syntax tree as JSON (protocols/promql/ast-json.ts), same errors.
 */
import { Effect } from "effect"
import type { Expr } from "../../../protocols/promql/ast.ts"
import { astJson } from "../../../protocols/promql/ast-json.ts"
import { parse } from "../../../protocols/promql/parser.ts"
import { format } from "../../../protocols/promql/printer.ts"
import { apiError, apiSuccess } from "../../errors.ts"
import type { HttpResponse, Route } from "../../http/http-types.ts"
import { mergeForm } from "./params.ts"

/** Prometheus's parser words an empty input this way; ours says "unexpected end of input". */
export const noExpression = "1:1: parse error: no expression found in input"

const parsedQueryRoute = (path: string, answer: (e: Expr) => unknown): Route => ({
  method: ["GET", "POST"],
  path,
  handler: (req) =>
    Effect.map(
      req.method === "POST"
        ? Effect.orElseSucceed(req.body(), () => new Uint8Array())
        : Effect.succeed(undefined),
      (body): HttpResponse => {
        const query = mergeForm(req.query, req.headers["content-type"], body).get("query") ?? ""
        if (query.trim() === "") return apiError("bad_data", `invalid parameter "query": ${noExpression}`)
        const r = parse(query, {
          experimentalFunctions: true,
          extendedRangeSelectors: true,
          binopFillModifiers: true
        })
        return r.ok
          ? apiSuccess(answer(r.expr))
          : apiError("bad_data", `invalid parameter "query": ${r.error.text}`)
      }
    )
})

export const formatQueryRoutes: ReadonlyArray<Route> = [
  parsedQueryRoute("/api/v1/format_query", format),
  parsedQueryRoute("/api/v1/parse_query", astJson)
]
