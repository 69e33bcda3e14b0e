/**
 * For tests: the real gateway (gatewayLayer, node:http, the full route table) started in this
 * process on an ephemeral loopback port, and a SeriesSource over a fixed list of label sets.
 * Nothing here is used by the running server.
 */
import { Effect, Layer, ManagedRuntime } from "effect"
import { SelfMetrics } from "../protocols/metrics/registry.ts"
import { compileMatcherRegex } from "../protocols/promql/matchers.ts"
import type { PlanMatcher } from "../storage/promql/plan.ts"
import type { SeriesSource } from "./api/v1/series-routes.ts"
import { HttpServer } from "./http/http-server.ts"
import { type GatewayOptions, gatewayLayer } from "./main.ts"

export interface InProcessGateway {
  readonly baseUrl: string
  readonly stop: () => Promise<void>
}

export const startGateway = async (
  options: Omit<GatewayOptions, "listenAddress" | "version" | "flags"> & Partial<GatewayOptions>
): Promise<InProcessGateway> => {
  const runtime = ManagedRuntime.make(
    gatewayLayer({ listenAddress: "127.0.0.1:0", version: "0.0.0-test", flags: {}, ...options }).pipe(
      Layer.provide(SelfMetrics.layer)
    )
  )
  const server = await runtime.runPromise(
    Effect.gen(function* () {
      return yield* HttpServer
    })
  )
  return { baseUrl: `http://127.0.0.1:${server.port}`, stop: () => runtime.dispose() }
}

const matches = (m: PlanMatcher, value: string): boolean => {
  switch (m.type) {
    case "=":
      return value === m.value
    case "!=":
      return value !== m.value
    case "=~":
    case "!~": {
      const re = compileMatcherRegex(m.value)
      if (typeof re === "string") throw new Error(re)
      return re.matches(value) === (m.type === "=~")
    }
  }
}

/** Series as flat label sets `[name, value, …]` (sorted by name), all with samples at all times. */
export const fixedSeriesSource = (series: ReadonlyArray<ReadonlyArray<string>>): SeriesSource => {
  const labelValue = (l: ReadonlyArray<string>, name: string) => {
    for (let i = 0; i < l.length; i += 2) if (l[i] === name) return l[i + 1]
    return ""
  }
  return {
    series: (ms) => series.filter((l) => ms.every((m) => matches(m, labelValue(l, m.name)))),
    labelNames: () => [...new Set(series.flatMap((l) => l.filter((_, i) => i % 2 === 0)))],
    labelValues: (name) => [...new Set(series.map((l) => labelValue(l, name)).filter((v) => v !== ""))]
  }
}
