/**
 * Composition root of the gateway role: the HTTP edge with its routes. Which storage and bus it
 * talks to is chosen here and only here; today it serves health, readiness and self-metrics.
 */
import { Effect, Layer, Ref } from "effect"
import { SelfMetrics } from "../protocols/metrics/registry.ts"
import { adminRoutes } from "./admin/admin-routes.ts"
import { registerProcessMetrics } from "./admin/process-metrics.ts"
import { statusRoutes } from "./api/v1/status-routes.ts"
import { corsHeaders } from "./errors.ts"
import { defaultHttpServerConfig, HttpServer, serveHttp } from "./http/http-server.ts"
import type { Route } from "./http/http-types.ts"

export interface GatewayOptions {
  readonly listenAddress: string
  readonly version: string
  /** Flag name → value as given, for the build-info metric and later /api/v1/status/flags. */
  readonly flags: Readonly<Record<string, string>>
}

/** CORS preflight for the API, answered like Prometheus: 204 with the CORS headers. */
const preflightRoute: Route = {
  method: "OPTIONS",
  path: "/api/v1/*rest",
  name: "/api/v1/*",
  handler: () => Effect.succeed({ status: 204, headers: corsHeaders })
}

/** Starts the HTTP edge; ready once listening. Requires SelfMetrics. */
export const gatewayLayer = (options: GatewayOptions) =>
  Layer.effect(
    HttpServer,
    Effect.gen(function* () {
      const metrics = yield* SelfMetrics
      const startedMs = Date.now()
      registerProcessMetrics(metrics, startedMs)
      metrics
        .gauge(
          "vesta_build_info",
          "A metric with a constant '1' value labeled by version and Node.js version.",
          ["version", "nodeversion"]
        )
        .labels({ version: options.version, nodeversion: process.version })
        .set(1)
      const ready = yield* Ref.make(false)
      const routes = [
        ...adminRoutes(metrics, ready),
        ...statusRoutes({
          version: options.version,
          revision: "",
          startTimeMs: startedMs,
          flags: options.flags,
          storageRetention: options.flags["storage.tsdb.retention.time"] ?? "15d"
        }),
        preflightRoute
      ]
      const running = yield* serveHttp(
        { ...defaultHttpServerConfig, listenAddress: options.listenAddress },
        routes,
        metrics
      )
      yield* Ref.set(ready, true)
      return HttpServer.of(running)
    })
  )
