/**
 * `/api/v1/format_query` (GET or POST): the query pretty-printed as Prometheus prints it, or the
 * parse error as `bad_data` with Prometheus's text.
 */
import { Effect } from "effect"
import { parse } from "../../../protocols/promql/parser.ts"
import { format } from "../../../protocols/promql/printer.ts"
import { apiError, apiSuccess } from "../../errors.ts"
import type { Route } from "../../http/http-types.ts"
import { mergeForm } from "./params.ts"

export const formatQueryRoutes: ReadonlyArray<Route> = [
  {
    method: ["GET", "POST"],
    path: "/api/v1/format_query",
    handler: (req) =>
      Effect.map(
        req.method === "POST"
          ? Effect.orElseSucceed(req.body(), () => new Uint8Array())
          : Effect.succeed(undefined),
        (body) => {
          const query = mergeForm(req.query, req.headers["content-type"], body).get("query") ?? ""
          const r = parse(query, {
            experimentalFunctions: true,
            extendedRangeSelectors: true,
            binopFillModifiers: true
          })
          return r.ok
            ? apiSuccess(format(r.expr))
            : apiError("bad_data", `invalid parameter "query": ${r.error.text}`)
        }
      )
  }
]
