/**
 * `/federate?match[]=…` (spec §3.8): for every matching series its newest sample within the
 * lookback window (skipping series whose newest sample is a staleness marker), as text format
 * 0.0.4 with `# TYPE <name> untyped`, millisecond timestamps, and the external labels appended
 * where the series lacks them (plus `instance=""` when external labels have none).
 */
import { Effect } from "effect"
import { type WrittenFamily, writeTextFormat } from "../../protocols/exposition/text-writer.ts"
import { parse } from "../../protocols/promql/parser.ts"
import { isStaleMarker } from "../../protocols/values/special-nans.ts"
import type { EngineStorage } from "../../storage/promql/engine-context.ts"
import { getLabel, type Labels } from "../../storage/promql/values.ts"
import type { Route } from "../http/http-types.ts"
import { text } from "../http/http-types.ts"

export interface FederateOptions {
  readonly storage: EngineStorage
  readonly lookbackDeltaMs: number
  readonly externalLabels: () => Readonly<Record<string, string>>
}

const withExternal = (labels: Labels, external: ReadonlyArray<[string, string]>): string[] => {
  const out: string[] = []
  for (let i = 0; i < labels.length; i += 2) if (labels[i] !== "__name__") out.push(labels[i], labels[i + 1])
  for (const [k, v] of external) if (getLabel(labels, k) === "" && !out.includes(k)) out.push(k, v)
  return out
}

export const federateRoutes = (o: FederateOptions): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/federate",
    handler: (req) =>
      Effect.sync(() => {
        const matches = req.query.getAll("match[]")
        if (matches.length === 0) return text(200, "")
        const now = Date.now()
        const seen = new Set<string>()
        const families = new Map<
          string,
          WrittenFamily & { samples: Array<{ labels: string[]; value: number; timestampMs: number }> }
        >()
        const ext = Object.entries(o.externalLabels())
        if (!ext.some(([k]) => k === "instance")) ext.push(["instance", ""])
        for (const m of matches) {
          const r = parse(m)
          if (!r.ok || r.expr.kind !== "VectorSelector") {
            return text(
              400,
              `bad match[] ${JSON.stringify(m)}: ${r.ok ? "not a series selector" : r.error.text}\n`
            )
          }
          for (const s of o.storage.select(r.expr.matchers, now - o.lookbackDeltaMs + 1, now)) {
            const key = s.labels.join("\xff")
            if (seen.has(key) || s.ts.length === 0) continue
            seen.add(key)
            const last = s.ts.length - 1
            if (isStaleMarker(s.vs[last])) continue
            const name = getLabel(s.labels, "__name__")
            let f = families.get(name)
            if (!f) families.set(name, (f = { name, type: "untyped", samples: [] }))
            f.samples.push({
              labels: withExternal(s.labels, ext),
              value: s.vs[last],
              timestampMs: s.ts[last]
            })
          }
        }
        return {
          status: 200,
          headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
          body: writeTextFormat([...families.values()])
        }
      })
  }
]
