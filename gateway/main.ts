/**
 * Composition root of the gateway role: the HTTP edge with its routes. Which storage and bus it
 * talks to is chosen here and only here; today it serves health, readiness and self-metrics.
 */
import { Effect, Layer, Ref } from "effect"
import { SelfMetrics } from "../protocols/metrics/registry.ts"
import { adminRoutes } from "./admin/admin-routes.ts"
import { registerProcessMetrics } from "./admin/process-metrics.ts"
import { defaultHttpServerConfig, HttpServer, serveHttp } from "./http/http-server.ts"

export interface GatewayOptions {
  readonly listenAddress: string
  readonly version: string
  /** Flag name → value as given, for the build-info metric and later /api/v1/status/flags. */
  readonly flags: Readonly<Record<string, string>>
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
      const running = yield* serveHttp(
        { ...defaultHttpServerConfig, listenAddress: options.listenAddress },
        adminRoutes(metrics, ready),
        metrics
      )
      yield* Ref.set(ready, true)
      return HttpServer.of(running)
    })
  )
