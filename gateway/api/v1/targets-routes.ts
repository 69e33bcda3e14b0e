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
        const state = (req.query.get("state") ?? "any").toLowerCase()
        if (!["active", "dropped", "any"].includes(state)) {
          return apiError("bad_data", `invalid parameter "state": must be one of active, dropped or any`)
        }
        const pool = req.query.get("scrapePool")
        const snap = yield* view.snapshot
        const keep = (p: string) => pool === null || pool === p
        const byPool = (a: { scrapePool: string }, b: { scrapePool: string }) =>
          a.scrapePool < b.scrapePool ? -1 : a.scrapePool > b.scrapePool ? 1 : 0
        return apiSuccess({
          activeTargets:
            state === "dropped"
              ? []
              : [...snap.active]
                  .filter((t) => keep(t.scrapePool))
                  .sort(byPool)
                  .map(activeJson),
          droppedTargets:
            state === "active"
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
