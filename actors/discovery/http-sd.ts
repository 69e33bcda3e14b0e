/**
 * http_sd_configs: GET the URL every refresh_interval (Accept: application/json and the
 * X-Prometheus-Refresh-Interval-Seconds header, as Prometheus sends), decode the target groups,
 * add `__meta_url`. A failed refresh keeps the previous groups and is logged.
 */
import { Effect, Queue, Schedule, Stream } from "effect"
import type { HttpSdConfig } from "../../protocols/config/prometheus-config.ts"
import { httpGet, statusError } from "../http/http-get.ts"
import { decodeTargetGroups, type TargetGroup } from "./target-group.ts"

/** One refresh; a string is the error to log. */
export const fetchHttpSd = async (cfg: HttpSdConfig, userAgent: string): Promise<TargetGroup[] | string> => {
  const res = await httpGet({
    url: cfg.url,
    timeoutMs: Math.min(cfg.refreshIntervalMs, 30_000),
    bodySizeLimitBytes: 16 * 1024 * 1024,
    http: cfg.http,
    headers: {
      accept: "application/json",
      "user-agent": userAgent,
      "x-prometheus-refresh-interval-seconds": String(cfg.refreshIntervalMs / 1000)
    }
  })
  if (!res.ok) return `http_sd ${cfg.url}: ${res.error}`
  if (res.status !== 200) return `http_sd ${cfg.url}: ${statusError(res.status)}`
  if (!res.contentType.toLowerCase().startsWith("application/json")) {
    return `http_sd ${cfg.url}: unsupported content type ${JSON.stringify(res.contentType)}`
  }
  try {
    return decodeTargetGroups(res.body.toString("utf8"), "json", cfg.url, { __meta_url: cfg.url })
  } catch (e) {
    return `http_sd ${cfg.url}: ${(e as Error).message}`
  }
}

export const httpSdStream = (cfg: HttpSdConfig, userAgent: string): Stream.Stream<TargetGroup[]> =>
  Stream.callback<TargetGroup[]>((queue) =>
    Effect.gen(function* () {
      const refresh = Effect.gen(function* () {
        const r = yield* Effect.promise(() => fetchHttpSd(cfg, userAgent))
        if (typeof r === "string") yield* Effect.logWarning(r)
        else Queue.offerUnsafe(queue, r)
      })
      yield* Effect.forkScoped(
        refresh.pipe(Effect.repeat(Schedule.spaced(cfg.refreshIntervalMs)), Effect.asVoid)
      )
    })
  )
