/**
 * `/api/v1/targets` and `/api/v1/scrape_pools` in Prometheus's shapes (spec §3.5): active targets
 * with health, lastError, lastScrape (RFC 3339), lastScrapeDuration (seconds), intervals as
 * durations; dropped targets with their discovered labels. The data comes from a TargetsView
 * that the composition root connects to the scrape manager.
 */
import { Context, Effect } from "effect"
import type { TargetStatus, TargetsSnapshot } from "../../../protocols/scrape/target-status.ts"
import { formatDuration } from "../../../protocols/units/duration.ts"
import { apiError, apiSuccess } from "../../errors.ts"
import type { Route } from "../../http/http-types.ts"

export class TargetsView extends Context.Service<
  TargetsView,
  {
    readonly snapshot: Effect.Effect<TargetsSnapshot>
    readonly scrapePools: Effect.Effect<ReadonlyArray<string>>
  }
>()("gateway/api/v1/TargetsView") {}

/** Go's zero time, which Prometheus shows for a target never scraped. */
const never = "0001-01-01T00:00:00Z"

const activeJson = (t: TargetStatus) => ({
  discoveredLabels: t.discoveredLabels,
  labels: t.labels,
  scrapePool: t.scrapePool,
  scrapeUrl: t.scrapeUrl,
  globalUrl: t.scrapeUrl,
  lastError: t.lastError,
  lastScrape: t.lastScrapeMs === undefined ? never : new Date(t.lastScrapeMs).toISOString(),
  lastScrapeDuration: t.lastScrapeDurationSeconds,
  health: t.health,
  scrapeInterval: formatDuration(t.scrapeIntervalMs),
  scrapeTimeout: formatDuration(t.scrapeTimeoutMs)
})

export const targetsRoutes = (view: TargetsView["Service"]): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/api/v1/targets",
    handler: (req) =>
      Effect.gen(function* () {
        const state = (req.query.get("state") || "any").toLowerCase()
        const pool = req.query.get("scrapePool")
        const snap = yield* view.snapshot
        const keep = (p: string) => pool === null || pool === p
        const byPool = (a: { scrapePool: string }, b: { scrapePool: string }) =>
          a.scrapePool < b.scrapePool ? -1 : a.scrapePool > b.scrapePool ? 1 : 0
        return apiSuccess({
          // An unknown state selects neither list (200 with both empty), as Prometheus answers.
          activeTargets:
            state !== "active" && state !== "any"
              ? []
              : [...snap.active]
                  .filter((t) => keep(t.scrapePool))
                  .sort(byPool)
                  .map(activeJson),
          droppedTargets:
            state !== "dropped" && state !== "any"
              ? []
              : snap.dropped
                  .filter((t) => keep(t.scrapePool))
                  .map((t) => ({ discoveredLabels: t.discoveredLabels }))
        })
      })
  },
  {
    method: "GET",
    path: "/api/v1/scrape_pools",
    handler: () => Effect.map(view.scrapePools, (pools) => apiSuccess({ scrapePools: pools }))
  }
]

/** `/api/v1/metadata` and `/api/v1/targets/metadata` from what scrapes saw (spec §3.5). */
export const metadataRoutes = (view: TargetsView["Service"]): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/api/v1/metadata",
    handler: (req) =>
      Effect.gen(function* () {
        const limitRaw = req.query.get("limit")
        // Go's strconv.Atoi: optional sign, decimal digits only.
        const limit =
          limitRaw === null || limitRaw === ""
            ? -1
            : /^[+-]?\d+$/.test(limitRaw)
              ? Number(limitRaw)
              : Number.NaN
        if (!Number.isSafeInteger(limit)) return apiError("bad_data", "limit must be a number")
        const only = req.query.get("metric")
        const snap = yield* view.snapshot
        const out: Record<string, Array<{ type: string; help: string; unit: string }>> = {}
        for (const t of snap.active) {
          for (const m of t.metadata) {
            if (only !== null && only !== "" && m.metric !== only) continue
            const list = (out[m.metric] ??= [])
            if (!list.some((x) => x.type === m.type && x.help === m.help && x.unit === m.unit))
              list.push({ type: m.type, help: m.help, unit: m.unit })
          }
        }
        const names = Object.keys(out).sort()
        const kept = limit >= 0 ? names.slice(0, limit) : names
        return apiSuccess(Object.fromEntries(kept.map((n) => [n, out[n]])))
      })
  },
  {
    method: "GET",
    path: "/api/v1/targets/metadata",
    handler: (req) =>
      Effect.gen(function* () {
        const metric = req.query.get("metric")
        const snap = yield* view.snapshot
        const rows = snap.active.flatMap((t) =>
          t.metadata
            .filter((m) => metric === null || metric === "" || m.metric === metric)
            .map((m) => ({ target: t.labels, metric: m.metric, type: m.type, help: m.help, unit: m.unit }))
        )
        return apiSuccess(rows)
      })
  }
]
