/**
 * `vesta start`: every role in one process on the embedded default (no NATS, no S3): the head,
 * scraping from `--config.file` when the file exists, and the HTTP edge with the Prometheus API.
 * Roles join here as they become real.
 */

import { existsSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { Context, Effect, Layer } from "effect"
import { ScrapeManager } from "../../actors/scrape/scrape-manager.ts"
import { prometheusConfigYaml } from "../../gateway/api/v1/config-yaml.ts"
import { computeTsdbStatus } from "../../gateway/api/v1/tsdb-status.ts"
import { parseListenAddress } from "../../gateway/http/listen-address.ts"
import { gatewayLayer } from "../../gateway/main.ts"
import { localQueryEngine } from "../../gateway/query/local-query-engine.ts"
import { type PrometheusConfig, parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { parseWebConfig } from "../../protocols/config/web-config.ts"
import { ConfigError } from "../../protocols/config/yaml-reader.ts"
import { SelfMetrics } from "../../protocols/metrics/registry.ts"
import { formatDuration } from "../../protocols/units/duration.ts"
import {
  compactionRanges,
  defaultMaxBlockDurationMs,
  defaultRetentionTimeMs
} from "../../storage/compact/planner.ts"
import { blockSizeBytes } from "../../storage/compact/retention.ts"
import { registerExemplarMetrics } from "../../storage/exemplars/exemplar-metrics.ts"
import { ExemplarStore } from "../../storage/exemplars/exemplar-store.ts"
import { Head } from "../../storage/head/head.ts"
import { openFileDurableLog } from "../../storage/log/file-durable-log.ts"
import { defaultFileLogOptions } from "../../storage/log/file-log.ts"
import { ObjectStore } from "../../storage/object-store/object-store.ts"
import { layerFromObjstoreConfig, parseObjstoreConfig } from "../../storage/object-store/objstore-config.ts"
import { readShipped } from "../../storage/ship/shipper.ts"
import { LocalTsdb } from "../../storage/tsdb/local-tsdb.ts"
import { lockDataDir } from "./data-dir.ts"
import {
  headSinkLayer,
  registerHeadMetrics,
  replayWal,
  tsdbSeriesSource,
  type WalHooks,
  walAppender
} from "./embedded-storage.ts"
import { shipLoop, tsdbHousekeeping } from "./embedded-tsdb.ts"
import type { FlagSpec, FlagValues } from "./flags.ts"

export const startFlags: ReadonlyArray<FlagSpec> = [
  {
    name: "config.file",
    kind: "string",
    help: "Prometheus configuration file path (scrape configs are run; a missing default file means no scraping).",
    default: "prometheus.yml"
  },
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
    name: "objstore.config-file",
    kind: "string",
    help: "Path to an objstore.yml (Thanos's format, S3 or FILESYSTEM): blocks are shipped there."
  },
  {
    name: "storage.tsdb.retention.time",
    kind: "duration",
    help: "How long to retain samples in storage. If neither this flag nor retention.size is set, the retention time defaults to 15d."
  },
  {
    name: "storage.tsdb.retention.size",
    kind: "bytes",
    help: "Maximum number of bytes that can be stored for blocks (units: B, KB, MB, GB, TB, PB, EB; 1024-based)."
  },
  {
    name: "storage.tsdb.max-block-duration",
    kind: "duration",
    help: "Maximum duration compacted blocks may span. Default: 10% of the retention period, at most 31d."
  },
  {
    name: "web.enable-admin-api",
    kind: "bool",
    help: "Enable API endpoints for admin control actions (delete_series, clean_tombstones, snapshot).",
    default: "false"
  },
  {
    name: "storage.tsdb.wal-sync-interval",
    kind: "duration",
    help: "How often the write-ahead log is fdatasync'd. Appends are acknowledged once written to it (they survive the process being killed, as in Prometheus); a power loss can take at most this much. 0s: fdatasync before every acknowledgement.",
    default: "1s"
  },
  {
    name: "storage.tsdb.min-block-duration",
    kind: "duration",
    help: "Minimum duration of a data block before being persisted (the head's block range).",
    default: "2h"
  },
  {
    name: "web.config.file",
    kind: "string",
    help: "[EXPERIMENTAL] Path to configuration file that can enable TLS or authentication."
  },
  {
    name: "web.enable-lifecycle",
    kind: "bool",
    help: "Enable shutdown and reload via HTTP request.",
    default: "false"
  },
  {
    name: "query.lookback-delta",
    kind: "duration",
    help: "The maximum lookback duration for retrieving metrics during expression evaluations.",
    default: "5m"
  },
  {
    name: "query.timeout",
    kind: "duration",
    help: "Maximum time a query may take before being aborted.",
    default: "2m"
  },
  {
    name: "query.max-samples",
    kind: "int",
    help: "Maximum number of samples a single query can load into memory.",
    default: "50000000"
  },
  {
    name: "enable-feature",
    kind: "string",
    repeatable: true,
    help: "Comma separated feature names to enable. Valid: promql-experimental-functions, native-histograms (scrape the protobuf format, and so native histograms, when a target offers it). Others are ignored with a warning, as Prometheus does.",
    validate: (raw) =>
      raw
        .split(",")
        .map((f) => f.trim())
        .filter((f) => f !== "" && !/^[a-z0-9-]+$/.test(f))
        .map((f) => `unknown feature "${f}"`)[0]
  },
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

/** Flag values as Prometheus's /api/v1/status/flags shows them (durations as "2h"; unset ones left out). */
export const flagsAsText = (specs: ReadonlyArray<FlagSpec>, values: FlagValues): Record<string, string> =>
  Object.fromEntries(
    specs.flatMap((f) => {
      const v = values[f.name]
      if (v === undefined) return []
      if (Array.isArray(v)) return [[f.name, v.join(",")]]
      return [[f.name, f.kind === "duration" ? formatDuration(v as number) : String(v)]]
    })
  )

/** Features Vesta acts on; others are accepted and ignored with a warning (2.42 does the same). */
const knownFeatures: ReadonlySet<string> = new Set([
  "promql-experimental-functions",
  "native-histograms",
  "exemplar-storage"
])

/** Reads the config; a missing *default* file is an empty config, a missing explicit one an error. */
const loadConfig = (path: string, explicit: boolean) =>
  Effect.try({
    try: (): PrometheusConfig | undefined => {
      if (!existsSync(path)) {
        if (explicit) throw new ConfigError(`open ${path}: no such file or directory`)
        return undefined
      }
      return parsePrometheusConfig(readFileSync(path, "utf8"))
    },
    catch: (e) => new Error(`error loading config from "${path}": ${(e as Error).message}`)
  })

export const startProgram = (values: FlagValues, version: string, explicitFlags: ReadonlySet<string>) =>
  Effect.gen(function* () {
    const dataDir = yield* lockDataDir(values["storage.tsdb.path"] as string)
    yield* Effect.logInfo("Starting Vesta", { version, mode: "embedded", data_dir: dataDir })
    const configPath = resolve(values["config.file"] as string)
    const config = yield* loadConfig(configPath, explicitFlags.has("config.file"))
    if (config) yield* Effect.logInfo("Completed loading of configuration file", { filename: configPath })
    else yield* Effect.logInfo("No configuration file; not scraping", { filename: configPath })
    const features = new Set(
      ((values["enable-feature"] as string[] | undefined) ?? []).flatMap((f) => f.split(","))
    )
    for (const f of features)
      if (!knownFeatures.has(f))
        yield* Effect.logWarning("Unknown option for --enable-feature", { option: f })
    const flags = flagsAsText(startFlags, values)
    const blockRangeMs = values["storage.tsdb.min-block-duration"] as number
    const head = new Head({
      chunkRangeMs: blockRangeMs,
      outOfOrderTimeWindowMs: config?.storage.outOfOrderTimeWindowMs ?? 0
    })
    const tsdb = yield* Effect.acquireRelease(
      Effect.sync(() => new LocalTsdb(dataDir, head, { blockRangeMs })),
      (db) => Effect.sync(() => db.close())
    )
    if (tsdb.blocks.length > 0) yield* Effect.logInfo("Blocks loaded", { blocks: tsdb.blocks.length })
    const wal = yield* openFileDurableLog(dataDir, "wal", {
      ...defaultFileLogOptions,
      syncIntervalMs: values["storage.tsdb.wal-sync-interval"] as number
    })
    const metrics = yield* SelfMetrics
    let afterCut = () => {}
    const shipping = values["objstore.config-file"] !== undefined
    const retentionSize = values["storage.tsdb.retention.size"] as number | undefined
    const retentionTime =
      (values["storage.tsdb.retention.time"] as number | undefined) ??
      (retentionSize === undefined ? defaultRetentionTimeMs : undefined)
    const maxBlockMs =
      (values["storage.tsdb.max-block-duration"] as number | undefined) ??
      defaultMaxBlockDurationMs(retentionTime)
    const housekeeping = yield* tsdbHousekeeping(tsdb, wal, metrics, {
      intervalMs: 60_000,
      afterCut: () => afterCut(),
      // Shipping to a bucket keeps blocks at one level, as Thanos's sidecar requires (the
      // bucket's compactor compacts); retention then deletes only blocks already shipped.
      ranges: shipping ? [] : compactionRanges(blockRangeMs, maxBlockMs),
      retention: { timeMs: retentionTime, sizeBytes: retentionSize },
      // Prometheus counts the WAL against --storage.tsdb.retention.size too.
      walBytes: () => blockSizeBytes(join(dataDir, "wal")),
      mayDelete: shipping ? (ulid) => readShipped(dataDir).has(ulid) : undefined
    })
    // --enable-feature=exemplar-storage: a store of storage.exemplars.max_exemplars (resized on
    // reload), refilled from the WAL on start.
    const exemplars = features.has("exemplar-storage")
      ? new ExemplarStore(config?.storage.maxExemplars ?? 100_000)
      : undefined
    if (exemplars !== undefined) registerExemplarMetrics(metrics, exemplars)
    const hooks: WalHooks = {
      floor: () => tsdb.floor,
      logged: (seq, maxT, outOfOrder) => {
        tsdb.noteWalEntry(seq, maxT, outOfOrder)
        housekeeping.requestCut()
      }
    }
    const replayed = yield* replayWal(
      head,
      wal,
      {
        floor: hooks.floor,
        logged: (seq, maxT, outOfOrder) => tsdb.noteWalEntry(seq, maxT, outOfOrder),
        outOfOrderFlushedSeq: () => tsdb.outOfOrderFlushedSeq
      },
      exemplars
    )
    tsdb.reapplyDeletions()
    if (replayed > 0)
      yield* Effect.logInfo("Write-ahead log replayed", { samples: replayed, series: head.numSeries })
    yield* Effect.forkScoped(housekeeping.loop)
    const appender = walAppender(head, wal, hooks, exemplars)
    registerHeadMetrics(metrics, head)
    const engine = localQueryEngine(tsdb.queryable, {
      lookbackDeltaMs: values["query.lookback-delta"] as number,
      maxSamples: values["query.max-samples"] as number,
      timeoutMs: values["query.timeout"] as number,
      subqueryStepMs: config?.global.evaluationIntervalMs ?? 60_000,
      enableExperimentalFunctions: features.has("promql-experimental-functions")
    })
    const scrape = yield* Layer.build(
      ScrapeManager.layer({
        baseDir: dirname(configPath),
        userAgent: `Vesta/${version}`,
        nativeHistograms: features.has("native-histograms")
      }).pipe(Layer.provide(headSinkLayer(appender)))
    )
    const manager = Context.get(scrape, ScrapeManager)
    if (config) yield* manager.apply(config)
    let current = config
    const objstorePath = values["objstore.config-file"] as string | undefined
    if (objstorePath !== undefined) {
      const objstore = yield* Effect.try({
        try: () => parseObjstoreConfig(readFileSync(objstorePath, "utf8"), objstorePath),
        catch: (e) =>
          new Error(`error loading objstore config from "${objstorePath}": ${(e as Error).message}`)
      })
      const store = Context.get(yield* Layer.build(layerFromObjstoreConfig(objstore)), ObjectStore)
      yield* Effect.logInfo("Shipping blocks to object storage", { type: objstore.type })
      const shipper = shipLoop(dataDir, store, () => current?.global.externalLabels ?? {}, metrics)
      afterCut = shipper.wake
      yield* Effect.forkScoped(shipper.loop)
    }
    const reloadOk = metrics.gauge(
      "prometheus_config_last_reload_successful",
      "Whether the last configuration reload attempt was successful."
    )
    const reloadTime = metrics.gauge(
      "prometheus_config_last_reload_success_timestamp_seconds",
      "Timestamp of the last successful configuration reload."
    )
    reloadOk.set(1)
    reloadTime.set(Date.now() / 1000)
    /** Re-reads the file; a bad config is rejected and the running one kept, as Prometheus does. */
    const reload = Effect.gen(function* () {
      yield* Effect.logInfo("Loading configuration file", { filename: configPath })
      const next = yield* loadConfig(configPath, true).pipe(
        Effect.tapError((e) =>
          Effect.sync(() => reloadOk.set(0)).pipe(
            Effect.andThen(Effect.logError("Error reloading config", { err: e.message }))
          )
        ),
        Effect.mapError((e) => e.message)
      )
      yield* manager.apply(next as PrometheusConfig)
      head.outOfOrderTimeWindowMs = (next as PrometheusConfig).storage.outOfOrderTimeWindowMs
      exemplars?.resize((next as PrometheusConfig).storage.maxExemplars)
      current = next
      reloadOk.set(1)
      reloadTime.set(Date.now() / 1000)
      yield* Effect.logInfo("Completed loading of configuration file", { filename: configPath })
    })
    const context = yield* Effect.context<never>()
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        const onHup = () => Effect.runForkWith(context)(Effect.ignore(reload))
        process.on("SIGHUP", onHup)
        return onHup
      }),
      (onHup) => Effect.sync(() => process.off("SIGHUP", onHup))
    )
    const webConfigPath = values["web.config.file"] as string | undefined
    const web =
      webConfigPath === undefined
        ? undefined
        : yield* Effect.try({
            try: () => parseWebConfig(readFileSync(webConfigPath, "utf8"), webConfigPath),
            catch: (e) =>
              new Error(`error loading web config from "${webConfigPath}": ${(e as Error).message}`)
          })
    const gateway = gatewayLayer({
      listenAddress: values["web.listen-address"] as string,
      exemplars: exemplars === undefined ? undefined : () => exemplars,
      web,
      version,
      flags,
      query: { engine, series: tsdbSeriesSource(tsdb) },
      // The loaded config with defaults filled in and secrets hidden, as Prometheus prints it.
      configYaml: () => prometheusConfigYaml(current ?? parsePrometheusConfig("")),
      tsdbStatus: () =>
        computeTsdbStatus({
          series: Array.from(head.allSeries(), (s) => s.labels),
          chunkCount: Array.from(head.allSeries()).reduce((n, s) => n + s.chunks.length, 0),
          minTimeMs: Number.isFinite(head.minTime) ? head.minTime : undefined,
          maxTimeMs: Number.isFinite(head.maxTime) ? head.maxTime : undefined
        }),
      admin: (values["web.enable-admin-api"] as boolean)
        ? {
            deleteSeries: async (sets, startMs, endMs) => {
              tsdb.deleteSeries(sets, startMs, endMs)
            },
            cleanTombstones: async () => {
              tsdb.cleanTombstones()
            },
            snapshot: async (skipHead) => tsdb.snapshot(skipHead)
          }
        : undefined,
      targets: { snapshot: manager.targets, scrapePools: manager.scrapePools },
      remoteWrite: {
        appender,
        maxBodyBytes: 32 * 1024 * 1024,
        maxDecodedBytes: 64 * 1024 * 1024,
        maxFutureMs: 10 * 60_000
      },
      remoteRead: {
        queryable: tsdb.queryable,
        externalLabels: () => current?.global.externalLabels ?? {},
        maxDecodedBytes: 32 * 1024 * 1024
      },
      federate: {
        storage: head,
        lookbackDeltaMs: values["query.lookback-delta"] as number,
        externalLabels: () => current?.global.externalLabels ?? {}
      },
      lifecycle: {
        enabled: values["web.enable-lifecycle"] as boolean,
        reload,
        quit: Effect.sync(() => process.kill(process.pid, "SIGTERM"))
      }
    })
    yield* Layer.build(gateway.pipe(Layer.provide(Layer.succeed(SelfMetrics, metrics))))
    yield* Effect.logInfo("Server is ready to receive web requests.")
    return yield* Effect.never
  }).pipe(Effect.provide(SelfMetrics.layer))
