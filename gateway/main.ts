/**
 * Composition root of the gateway role: the HTTP edge with its routes. The query engine, the series
 * source and the targets view come from the caller (embedded: the in-process head and scrape
 * manager); this module only assembles the API on top of them.
 */

import { Effect, Layer, Ref } from "effect"
import type { WebConfig } from "../protocols/config/web-config.ts"
import { SelfMetrics } from "../protocols/metrics/registry.ts"
import type { ExemplarStore } from "../storage/exemplars/exemplar-store.ts"
import { adminRoutes } from "./admin/admin-routes.ts"
import { type Lifecycle, lifecycleRoutes } from "./admin/lifecycle-routes.ts"
import { registerProcessMetrics } from "./admin/process-metrics.ts"
import { type FederateOptions, federateRoutes } from "./api/federate-routes.ts"
import { adminTsdbRoutes, type TsdbAdmin } from "./api/v1/admin-tsdb-routes.ts"
import { makeExemplarRoutes } from "./api/v1/exemplar-routes.ts"
import { formatQueryRoutes } from "./api/v1/format-query-routes.ts"
import { type QueryEngine, queryRoutes } from "./api/v1/query-routes.ts"
import { type SeriesSource, seriesRoutes } from "./api/v1/series-routes.ts"
import { configRoutes, statusRoutes } from "./api/v1/status-routes.ts"
import { metadataRoutes, type TargetsView, targetsRoutes } from "./api/v1/targets-routes.ts"
import { type TsdbStatus, tsdbStatusRoutes } from "./api/v1/tsdb-status.ts"
import { corsHeaders } from "./errors.ts"
import { defaultHttpServerConfig, HttpServer, serveHttp } from "./http/http-server.ts"
import type { Route } from "./http/http-types.ts"
import { type ReadHandlerOptions, readRoutes } from "./remote/read-handler.ts"
import { type WriteReceiverOptions, writeReceiverRoutes } from "./remote/write-receiver.ts"

export interface GatewayOptions {
  readonly listenAddress: string
  /** The exemplar store when exemplar storage is on (`/api/v1/query_exemplars` answers from it). */
  readonly exemplars?: () => ExemplarStore | undefined
  /** `--web.config.file`, parsed: TLS, basic auth, response headers. */
  readonly web?: WebConfig
  readonly version: string
  /** Flag name → value as given, for the build-info metric and later /api/v1/status/flags. */
  readonly flags: Readonly<Record<string, string>>
  /** The read side; without it the API serves only status and health. */
  readonly query?: {
    readonly engine: QueryEngine["Service"]
    readonly series: SeriesSource
  }
  readonly targets?: TargetsView["Service"]
  readonly lifecycle?: Lifecycle
  readonly federate?: FederateOptions
  readonly remoteWrite?: Omit<WriteReceiverOptions, "metrics">
  readonly remoteRead?: ReadHandlerOptions
  /** `/api/v1/status/config`: the loaded configuration as YAML; without it the path is 404. */
  readonly configYaml?: () => string
  /** `/api/v1/status/tsdb`: head statistics, e.g. `computeTsdbStatus` over the head's series. */
  readonly tsdbStatus?: () => TsdbStatus
  /**
   * The admin API (`--web.enable-admin-api`). Absent: the three admin paths answer
   * `unavailable` "admin APIs disabled", as Prometheus does without the flag.
   */
  readonly admin?: TsdbAdmin
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
        ...formatQueryRoutes,
        ...makeExemplarRoutes(options.exemplars),
        ...adminTsdbRoutes(options.admin),
        ...(options.configYaml ? configRoutes(options.configYaml) : []),
        ...(options.tsdbStatus ? tsdbStatusRoutes(options.tsdbStatus) : []),
        ...(options.remoteRead ? readRoutes(options.remoteRead) : []),
        ...(options.remoteWrite ? writeReceiverRoutes({ ...options.remoteWrite, metrics }) : []),
        ...(options.federate ? federateRoutes(options.federate) : []),
        ...(options.lifecycle ? lifecycleRoutes(options.lifecycle) : []),
        ...(options.query
          ? [...queryRoutes(options.query.engine), ...seriesRoutes(options.query.series)]
          : []),
        ...(options.targets ? [...targetsRoutes(options.targets), ...metadataRoutes(options.targets)] : []),
        preflightRoute
      ]
      const running = yield* serveHttp(
        { ...defaultHttpServerConfig, listenAddress: options.listenAddress, web: options.web },
        routes,
        metrics
      )
      yield* Ref.set(ready, true)
      return HttpServer.of(running)
    })
  )
