/**
 * Drains a parser into plain objects: for tests, tools and cold paths (never the scrape loop).
 */
import type { ExpositionError, ExpositionParser, MetricType } from "./exposition-parser.ts"

export type ParsedEntry =
  | {
      readonly kind: "series"
      readonly name: string
      readonly labels: Readonly<Record<string, string>>
      readonly value: number
      readonly timestampMs?: number
      readonly exemplar?: { labels: Record<string, string>; value: number; timestampMs?: number }
    }
  | { readonly kind: "help"; readonly name: string; readonly text: string }
  | { readonly kind: "type"; readonly name: string; readonly type: MetricType }
  | { readonly kind: "unit"; readonly name: string; readonly unit: string }

const pairs = (flat: ReadonlyArray<string>) => {
  const o: Record<string, string> = {}
  for (let i = 0; i < flat.length; i += 2) o[flat[i]] = flat[i + 1]
  return o
}

export const parseAll = (p: ExpositionParser): { entries: ParsedEntry[]; error?: ExpositionError } => {
  const entries: ParsedEntry[] = []
  for (let kind = p.next(); kind !== undefined; kind = p.next()) {
    if (kind === "series") {
      const flat: string[] = []
      const dup = p.labels(flat)
      if (dup) return { entries, error: { line: p.line, message: dup } }
      const e: ParsedEntry = {
        kind,
        name: p.metricName,
        labels: pairs(flat),
        value: p.value,
        ...(p.timestampMs !== undefined ? { timestampMs: p.timestampMs } : {}),
        ...(p.exemplar
          ? {
              exemplar: {
                labels: pairs(p.exemplar.labels),
                value: p.exemplar.value,
                ...(p.exemplar.timestampMs !== undefined ? { timestampMs: p.exemplar.timestampMs } : {})
              }
            }
          : {})
      }
      entries.push(e)
    } else if (kind === "help") entries.push({ kind, name: p.metaName, text: p.helpText })
    else if (kind === "type") entries.push({ kind, name: p.metaName, type: p.metricType })
    else entries.push({ kind, name: p.metaName, unit: p.unit })
  }
  return p.error ? { entries, error: p.error } : { entries }
}
