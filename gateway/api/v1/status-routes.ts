/**
 * `/api/v1/status/{buildinfo,runtimeinfo,flags,config}`: what this process is, how it was started
 * and what configuration it runs, in Prometheus's shapes (Grafana reads buildinfo to detect the
 * server's flavour). TSDB status is in tsdb-status.ts.
 */
import { availableParallelism } from "node:os"
import { Effect } from "effect"
import { apiSuccess } from "../../errors.ts"
import type { Route } from "../../http/http-types.ts"

export interface StatusInfo {
  readonly version: string
  readonly revision: string
  readonly startTimeMs: number
  /** Every flag with its effective value as text, defaults included. */
  readonly flags: Readonly<Record<string, string>>
  readonly storageRetention: string
}

/**
 * Grafana parses `version` as semver and enables features by it, so it carries the Prometheus
 * version whose API and PromQL semantics Vesta follows, with Vesta's own version as build
 * metadata.
 */
export const compatibleVersion = (vestaVersion: string) => `3.0.0+vesta.${vestaVersion}`

export const statusRoutes = (info: StatusInfo): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/api/v1/status/buildinfo",
    handler: () =>
      Effect.succeed(
        apiSuccess({
          version: compatibleVersion(info.version),
          revision: info.revision,
          branch: "",
          buildUser: "",
          buildDate: "",
          goVersion: `node${process.versions.node}`
        })
      )
  },
  {
    method: "GET",
    path: "/api/v1/status/runtimeinfo",
    handler: () =>
      Effect.sync(() =>
        apiSuccess({
          startTime: new Date(info.startTimeMs).toISOString(),
          CWD: process.cwd(),
          reloadConfigSuccess: true,
          lastConfigTime: new Date(info.startTimeMs).toISOString(),
          corruptionCount: 0,
          goroutineCount: process.getActiveResourcesInfo().length,
          GOMAXPROCS: availableParallelism(),
          GOMEMLIMIT: 0,
          GOGC: "",
          GODEBUG: "",
          storageRetention: info.storageRetention
        })
      )
  },
  {
    method: "GET",
    path: "/api/v1/status/flags",
    handler: () => Effect.succeed(apiSuccess(info.flags))
  }
]

/** `/api/v1/status/config`: the loaded configuration as YAML (defaults filled in, secrets hidden). */
export const configRoutes = (configYaml: () => string): ReadonlyArray<Route> => [
  {
    method: "GET",
    path: "/api/v1/status/config",
    handler: () => Effect.sync(() => apiSuccess({ yaml: configYaml() }))
  }
]
