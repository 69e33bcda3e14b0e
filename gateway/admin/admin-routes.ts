/**
 * Health, readiness and self-metrics endpoints, as Prometheus serves them: `/-/healthy`,
 * `/-/ready` (503 until the process says it is ready) and `/metrics` in text format 0.0.4.
 */
import { Effect, Ref } from "effect"
import type { MetricsRegistry } from "../../protocols/metrics/registry.ts"
import type { Route } from "../http/http-types.ts"
import { text } from "../http/http-types.ts"

export const adminRoutes = (metrics: MetricsRegistry, ready: Ref.Ref<boolean>): ReadonlyArray<Route> => [
  {
    method: ["GET", "HEAD"],
    path: "/-/healthy",
    handler: () => Effect.succeed(text(200, "Vesta Server is Healthy.\n"))
  },
  {
    method: ["GET", "HEAD"],
    path: "/-/ready",
    handler: () =>
      Effect.map(Ref.get(ready), (ok) =>
        ok ? text(200, "Vesta Server is Ready.\n") : text(503, "Service Unavailable\n")
      )
  },
  {
    method: "GET",
    path: "/metrics",
    handler: () =>
      Effect.sync(() => ({
        status: 200,
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
        body: metrics.render()
      }))
  }
]
