/**
 * `vesta start`: every role in one process on the embedded default (no NATS, no S3). Today that
 * is the data directory and the HTTP edge; roles join here as they become real.
 */
import { Effect, Layer } from "effect"
import { parseListenAddress } from "../../gateway/http/listen-address.ts"
import { gatewayLayer } from "../../gateway/main.ts"
import { SelfMetrics } from "../../protocols/metrics/registry.ts"
import { lockDataDir } from "./data-dir.ts"
import type { FlagSpec, FlagValues } from "./flags.ts"

export const startFlags: ReadonlyArray<FlagSpec> = [
  {
    name: "web.listen-address",
    kind: "string",
    help: "Address to listen on for UI, API, and telemetry.",
    default: "0.0.0.0:9090",
    validate: (raw) => {
      const a = parseListenAddress(raw)
      return typeof a === "string" ? a : undefined
    }
  },
  { name: "storage.tsdb.path", kind: "string", help: "Base path for metrics storage.", default: "data/" },
  {
    name: "log.level",
    kind: "enum",
    choices: ["debug", "info", "warn", "error"],
    help: "Only log messages with the given severity or above.",
    default: "info"
  },
  {
    name: "log.format",
    kind: "enum",
    choices: ["logfmt", "json"],
    help: "Output format of log messages.",
    default: "logfmt"
  }
]

export const startProgram = (values: FlagValues, version: string) =>
  Effect.gen(function* () {
    const dataDir = yield* lockDataDir(values["storage.tsdb.path"] as string)
    yield* Effect.logInfo("Starting Vesta", { version, mode: "embedded", data_dir: dataDir })
    const flags = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)])
    )
    const gateway = gatewayLayer({ listenAddress: values["web.listen-address"] as string, version, flags })
    yield* Layer.build(gateway.pipe(Layer.provideMerge(SelfMetrics.layer)))
    yield* Effect.logInfo("Server is ready to receive web requests.")
    return yield* Effect.never
  })
