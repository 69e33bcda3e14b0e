/**
 * From query text to the engine's plan: the PromQL parser (protocols/promql) then lowering. A parse
 * error becomes a QueryError of type bad_data carrying Prometheus's text (`1:4: parse error: …`).
 */
import { type ParseOptions, parse } from "../../protocols/promql/parser.ts"
import { QueryError } from "./engine-context.ts"
import { lower } from "./lower.ts"
import type { Plan } from "./plan.ts"

export const parsePlan = (query: string, options: ParseOptions = {}): Plan => {
  const r = parse(query, options)
  if (!r.ok) throw new QueryError("bad_data", r.error.text)
  return lower(r.expr)
}
