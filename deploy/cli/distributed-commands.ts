/**
 * The distributed roles (ARCHITECTURE.md §2), on NATS (`--nats.url`):
 * - `vesta ingest`: series-shard actors for the shards whose lease (JetStream KV) it wins; each
 *   follows its shard's JetStream log into a head under `--storage.tsdb.path`, cuts blocks, ships
 *   them to `--objstore.config-file` and purges its log behind them; serves head reads on the Bus.
 *   On lease loss a shard stops; the process that wins the lease next replays the log.
 * - `vesta gateway`: the HTTP edge: remote write split by shard into the JetStream logs (2xx
 *   after every ack), PromQL over the heads read through the Bus.
 * Both need the same `--ingest.shards`.
 */

import { readFileSync } from "node:fs"
import { hostname } from "node:os"
import { dirname, join, resolve } from "node:path"
import { Context, Deferred, Effect, Exit, Layer, PubSub, Schedule, Stream } from "effect"
import { acquireLease, leaseConfig } from "../../actors/runtime/lease.ts"
import { ScrapeManager } from "../../actors/scrape/scrape-manager.ts"
import { gatewayLayer } from "../../gateway/main.ts"
import { localQueryEngine } from "../../gateway/query/local-query-engine.ts"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { parseWebConfig } from "../../protocols/config/web-config.ts"
import { SelfMetrics } from "../../protocols/metrics/registry.ts"
import { compactPass } from "../../storage/bucket-compact/bucket-compactor.ts"
import { BucketStore } from "../../storage/bucket-store/bucket-store.ts"
import { Bus } from "../../storage/bus/bus.ts"
import { NatsBus } from "../../storage/bus/nats-bus.ts"
import { Head } from "../../storage/head/head.ts"
import { JetStreamKvStore } from "../../storage/kv/jetstream-kv.ts"
import { KvStore } from "../../storage/kv/key-value.ts"
import { fnv1a64Hex } from "../../storage/labels/labels-hash.ts"
import type { DurableLog } from "../../storage/log/durable-log.ts"
import { openJetStreamLog } from "../../storage/log/jetstream-log.ts"
import { mergeQueryable } from "../../storage/merge/merge-queryable.ts"
import { NatsConnection } from "../../storage/nats/nats-connection.ts"
import { ObjectStore } from "../../storage/object-store/object-store.ts"
import { layerFromObjstoreConfig, parseObjstoreConfig } from "../../storage/object-store/objstore-config.ts"
import { busHeadsQueryable, serveHeadReads } from "../../storage/shard/head-reads.ts"
import { runShardReplica } from "../../storage/shard/shard-replica.ts"
import { shardedAppender } from "../../storage/shard/shard-router.ts"
import { shipBlocks } from "../../storage/ship/shipper.ts"
import { LocalTsdb } from "../../storage/tsdb/local-tsdb.ts"
import { lockDataDir } from "./data-dir.ts"
import { headSinkLayer, queryableSeriesSource, runToPromise } from "./embedded-storage.ts"
import type { FlagSpec, FlagValues } from "./flags.ts"
import { flagsAsText, startFlags } from "./start-command.ts"

const shared = (names: ReadonlyArray<string>) => startFlags.filter((f) => names.includes(f.name))

const natsFlags: ReadonlyArray<FlagSpec> = [
  {
    name: "nats.url",
    kind: "string",
    help: "NATS server URL(s), comma separated (JetStream enabled).",
    default: "nats://127.0.0.1:4222"
  },
  {
    name: "ingest.shards",
    kind: "int",
    help: "Number of series shards (the same on every gateway and ingest process).",
    default: "4",
    validate: (raw) =>
      /^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 1024 ? undefined : "expected 1..1024"
  },
  {
    name: "ingest.log-prefix",
    kind: "string",
    help: "Prefix of the shard log names (one JetStream stream per shard: VESTA_LOG_<prefix>shard-<n>).",
    default: "",
    validate: (raw) => (/^[A-Za-z0-9_-]*$/.test(raw) ? undefined : "letters, digits, _ and - only")
  }
]

export const ingestFlags: ReadonlyArray<FlagSpec> = [
  ...natsFlags,
  {
    name: "web.listen-address",
    kind: "string",
    help: "Address for /metrics and health.",
    default: "0.0.0.0:9092"
  },
  {
    name: "storage.tsdb.path",
    kind: "string",
    help: "Local directory for the shards' heads and blocks.",
    default: "data/"
  },
  {
    name: "objstore.config-file",
    kind: "string",
    help: "objstore.yml (Thanos's format): blocks are shipped there before the shard log is purged."
  },
  {
    name: "label",
    kind: "string",
    repeatable: true,
    help: 'External label stamped on shipped blocks, as key="value" (like thanos receive --label).',
    validate: (raw) => (/^[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"$/.test(raw) ? undefined : 'expected key="value"')
  },
  { name: "ingest.lease-ttl", kind: "duration", help: "Shard lease length.", default: "15s" },
  ...shared(["storage.tsdb.min-block-duration", "log.level", "log.format"])
]

export const gatewayFlags: ReadonlyArray<FlagSpec> = [
  ...natsFlags,
  {
    name: "objstore.config-file",
    kind: "string",
    help: "objstore.yml (Thanos's format) of the bucket the ingest ships blocks to: queries read its blocks too."
  },
  {
    name: "objstore.sync-interval",
    kind: "duration",
    help: "How often the gateway refreshes its list of blocks in the bucket.",
    default: "1m"
  },
  ...shared([
    "web.listen-address",
    "web.config.file",
    "query.lookback-delta",
    "query.timeout",
    "query.max-samples",
    "enable-feature",
    "log.level",
    "log.format"
  ])
]

const natsLayers = (values: FlagValues, name: string) => {
  const conn = NatsConnection.layer((values["nats.url"] as string).split(","), { name })
  return Layer.mergeAll(NatsBus.layer(), JetStreamKvStore.layer).pipe(Layer.provideMerge(conn))
}

const logName = (values: FlagValues, k: number) => `${values["ingest.log-prefix"] as string}shard-${k}`

export const ingestProgram = (values: FlagValues, version: string) =>
  Effect.gen(function* () {
    const dataDir = yield* lockDataDir(values["storage.tsdb.path"] as string)
    const shards = values["ingest.shards"] as number
    const blockRangeMs = values["storage.tsdb.min-block-duration"] as number
    const owner = `${hostname()}-${process.pid}`
    const labels = Object.fromEntries(
      ((values.label as string[] | undefined) ?? []).map((l) => {
        const i = l.indexOf("=")
        return [l.slice(0, i), l.slice(i + 2, -1)]
      })
    )
    yield* Effect.logInfo("Starting Vesta ingest", { version, shards, owner, data_dir: dataDir })
    const bus = yield* Bus
    const { nc } = yield* NatsConnection
    const kv = yield* KvStore
    const ttlMs = values["ingest.lease-ttl"] as number
    const leases = yield* kv.bucket(`vesta_leases_${Math.round(ttlMs / 1000)}s`, { ttlMs })
    const objstorePath = values["objstore.config-file"] as string | undefined
    const store =
      objstorePath === undefined
        ? undefined
        : Context.get(
            yield* Layer.build(
              layerFromObjstoreConfig(parseObjstoreConfig(readFileSync(objstorePath, "utf8"), objstorePath))
            ),
            ObjectStore
          )
    const owned = new Set<number>()
    const metrics = yield* SelfMetrics
    metrics.collected(
      "vesta_ingest_shards_owned",
      "Series shards this process holds the lease for.",
      "gauge",
      () => owned.size
    )
    /** One shard: wait for its lease, run it until the lease is lost, then try again. */
    const shard = (k: number) =>
      Effect.gen(function* () {
        const lease = yield* acquireLease(leases, `shard-${k}`, owner, leaseConfig(ttlMs))
        owned.add(k)
        yield* Effect.addFinalizer(() => Effect.sync(() => owned.delete(k)))
        yield* Effect.logInfo("Shard lease acquired", { shard: k })
        const log = yield* openJetStreamLog(nc, logName(values, k))
        const tsdb = yield* Effect.acquireRelease(
          Effect.sync(
            () =>
              new LocalTsdb(
                join(dataDir, `shard-${k}`),
                new Head({ chunkRangeMs: blockRangeMs, outOfOrderTimeWindowMs: 0 }),
                { blockRangeMs }
              )
          ),
          (t) => Effect.sync(() => t.close())
        )
        // Reads are served once the replay caught up with the log (no silently partial answers).
        const replayed = yield* Deferred.make<void>()
        yield* Effect.forkScoped(
          Effect.andThen(Deferred.await(replayed), serveHeadReads(bus, k, tsdb.queryable))
        )
        yield* Effect.raceFirst(
          runShardReplica({
            shard: k,
            log,
            tsdb,
            caughtUp: () => Deferred.doneUnsafe(replayed, Exit.void),
            ensureHeld: lease.ensureHeld,
            ship:
              store === undefined
                ? undefined
                : Effect.asVoid(shipBlocks(tsdb.dir, store, { externalLabels: labels }))
          }),
          lease.lost
        )
      }).pipe(
        Effect.scoped,
        Effect.tapCause((cause) =>
          Effect.logWarning("Shard stopped; waiting for its lease again", { shard: k, cause })
        ),
        Effect.retry(Schedule.spaced("1 second")),
        Effect.forever
      )
    for (let k = 0; k < shards; k++) yield* Effect.forkScoped(shard(k))
    yield* Layer.build(
      gatewayLayer({
        listenAddress: values["web.listen-address"] as string,
        version,
        flags: flagsAsText(ingestFlags, values)
      }).pipe(Layer.provide(Layer.succeed(SelfMetrics, metrics)))
    )
    yield* Effect.logInfo("Ingest is ready")
    return yield* Effect.never
  }).pipe(Effect.provide(SelfMetrics.layer), Effect.provide(natsLayers(values, "vesta-ingest")))

export const gatewayProgram = (values: FlagValues, version: string) =>
  Effect.gen(function* () {
    const shards = values["ingest.shards"] as number
    yield* Effect.logInfo("Starting Vesta gateway", { version, shards })
    const bus = yield* Bus
    const { nc } = yield* NatsConnection
    const logs: DurableLog[] = []
    for (let k = 0; k < shards; k++) logs.push(yield* openJetStreamLog(nc, logName(values, k)))
    const metrics = yield* SelfMetrics
    const features = new Set(
      ((values["enable-feature"] as string[] | undefined) ?? []).flatMap((f) => f.split(","))
    )
    const heads = busHeadsQueryable(bus, shards, Math.min(10_000, values["query.timeout"] as number))
    const objstorePath = values["objstore.config-file"] as string | undefined
    let queryable = heads
    if (objstorePath !== undefined) {
      const store = Context.get(
        yield* Layer.build(
          layerFromObjstoreConfig(parseObjstoreConfig(readFileSync(objstorePath, "utf8"), objstorePath))
        ),
        ObjectStore
      )
      const bucket = new BucketStore(store)
      metrics.collected(
        "vesta_bucket_store_blocks_loaded_total",
        "Blocks the gateway opened (index header read) from the bucket.",
        "counter",
        () => bucket.stats.blocksLoaded
      )
      metrics.collected(
        "vesta_bucket_store_sync_failures_total",
        "Failed refreshes of the gateway's block list from the bucket.",
        "counter",
        () => bucket.stats.syncFailures
      )
      metrics.collected(
        "vesta_bucket_store_blocks",
        "Blocks in the bucket the gateway reads (raw, not marked for deletion).",
        "gauge",
        () => bucket.blocks().length
      )
      yield* Effect.promise(() =>
        bucket
          .sync()
          .catch((e) => Effect.runPromise(Effect.logWarning("Bucket sync failed", { error: String(e) })))
      )
      yield* Effect.acquireRelease(
        Effect.sync(() =>
          bucket.startSync(values["objstore.sync-interval"] as number, (e) =>
            Effect.runFork(Effect.logWarning("Bucket sync failed", { error: String(e) }))
          )
        ),
        (stop) => Effect.sync(stop)
      )
      queryable = mergeQueryable([heads, bucket.queryable])
    }
    const engine = localQueryEngine(queryable, {
      lookbackDeltaMs: values["query.lookback-delta"] as number,
      maxSamples: values["query.max-samples"] as number,
      timeoutMs: values["query.timeout"] as number,
      subqueryStepMs: 60_000,
      enableExperimentalFunctions: features.has("promql-experimental-functions")
    })
    const webPath = values["web.config.file"] as string | undefined
    const web = webPath === undefined ? undefined : parseWebConfig(readFileSync(webPath, "utf8"), webPath)
    yield* Layer.build(
      gatewayLayer({
        listenAddress: values["web.listen-address"] as string,
        web,
        version,
        flags: flagsAsText(gatewayFlags, values),
        query: { engine, series: queryableSeriesSource(queryable, runToPromise) },
        remoteWrite: {
          appender: shardedAppender(logs),
          maxBodyBytes: 32 * 1024 * 1024,
          maxDecodedBytes: 64 * 1024 * 1024,
          maxFutureMs: 10 * 60_000
        },
        remoteRead: { queryable, externalLabels: () => ({}), maxDecodedBytes: 32 * 1024 * 1024 }
      }).pipe(Layer.provide(Layer.succeed(SelfMetrics, metrics)))
    )
    yield* Effect.logInfo("Server is ready to receive web requests.")
    return yield* Effect.never
  }).pipe(Effect.provide(SelfMetrics.layer), Effect.provide(natsLayers(values, "vesta-gateway")))

export const scrapeFlags: ReadonlyArray<FlagSpec> = [
  ...natsFlags,
  ...shared(["config.file", "enable-feature"]),
  {
    name: "web.listen-address",
    kind: "string",
    help: "Address for /metrics and health.",
    default: "0.0.0.0:9093"
  },
  {
    name: "scrape.slots",
    kind: "int",
    help: "Targets are split into this many slots by hash; each slot is scraped by the one process holding its lease.",
    default: "64",
    validate: (raw) =>
      /^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 4096 ? undefined : "expected 1..4096"
  },
  {
    name: "scrape.lease-ttl",
    kind: "duration",
    help: "Slot lease length: a dead process's targets move within about this long (keep it below the scrape interval).",
    default: "10s"
  },
  ...shared(["log.level", "log.format"])
]

/** The slot of a target (its key: target labels and scrape URL). */
export const targetSlot = (key: string, slots: number): number =>
  Number.parseInt(fnv1a64Hex(key).slice(8), 16) % slots

export const scrapeProgram = (values: FlagValues, version: string) =>
  Effect.gen(function* () {
    const slots = values["scrape.slots"] as number
    const shards = values["ingest.shards"] as number
    const owner = `${hostname()}-${process.pid}`
    const configPath = resolve(values["config.file"] as string)
    const config = parsePrometheusConfig(readFileSync(configPath, "utf8"))
    yield* Effect.logInfo("Starting Vesta scrape", { version, slots, shards, owner, config: configPath })
    const { nc } = yield* NatsConnection
    const kv = yield* KvStore
    const ttlMs = values["scrape.lease-ttl"] as number
    const leases = yield* kv.bucket(`vesta_scrape_leases_${Math.round(ttlMs / 1000)}s`, { ttlMs })
    const logs: DurableLog[] = []
    for (let k = 0; k < shards; k++) logs.push(yield* openJetStreamLog(nc, logName(values, k)))
    const held = new Set<number>()
    // Every scrape pool watches ownership changes (a PubSub: each subscriber sees each change).
    const changes = yield* PubSub.sliding<void>(1)
    const metrics = yield* SelfMetrics
    metrics.collected(
      "vesta_scrape_slots_owned",
      "Target slots this process holds the lease for.",
      "gauge",
      () => held.size
    )
    const slot = (k: number) =>
      Effect.gen(function* () {
        const lease = yield* acquireLease(leases, `slot-${k}`, owner, leaseConfig(ttlMs))
        held.add(k)
        yield* PubSub.publish(changes, undefined)
        yield* Effect.addFinalizer(() =>
          Effect.andThen(
            Effect.sync(() => held.delete(k)),
            PubSub.publish(changes, undefined)
          )
        )
        return yield* lease.lost
      }).pipe(Effect.scoped, Effect.ignore, Effect.forever)
    for (let k = 0; k < slots; k++) yield* Effect.forkScoped(slot(k))
    const manager = Context.get(
      yield* Layer.build(
        ScrapeManager.layer({
          baseDir: dirname(configPath),
          userAgent: `Vesta/${version}`,
          owns: (key) => held.has(targetSlot(key, slots)),
          nativeHistograms: ((values["enable-feature"] as string[] | undefined) ?? [])
            .flatMap((f) => f.split(","))
            .includes("native-histograms"),
          ownershipChanged: Stream.fromPubSub(changes)
        }).pipe(Layer.provide(headSinkLayer(shardedAppender(logs))))
      ),
      ScrapeManager
    )
    yield* manager.apply(config)
    yield* Layer.build(
      gatewayLayer({
        listenAddress: values["web.listen-address"] as string,
        version,
        flags: flagsAsText(scrapeFlags, values)
      }).pipe(Layer.provide(Layer.succeed(SelfMetrics, metrics)))
    )
    yield* Effect.logInfo("Scrape is ready")
    return yield* Effect.never
  }).pipe(Effect.provide(SelfMetrics.layer), Effect.provide(natsLayers(values, "vesta-scrape")))

export const compactFlags: ReadonlyArray<FlagSpec> = [
  {
    name: "objstore.config-file",
    kind: "string",
    help: "objstore.yml (Thanos's format) of the bucket to compact."
  },
  {
    name: "data-dir",
    kind: "string",
    help: "Scratch directory for blocks being compacted.",
    default: "./data"
  },
  {
    name: "wait",
    kind: "bool",
    help: "Keep running: a pass every --wait-interval (otherwise one pass, then exit).",
    default: "false"
  },
  { name: "wait-interval", kind: "duration", help: "Time between passes with --wait.", default: "5m" },
  {
    name: "retention.resolution-raw",
    kind: "duration",
    help: "How long to keep raw samples in the bucket; 0d keeps them forever.",
    default: "0d"
  },
  {
    name: "delete-delay",
    kind: "duration",
    help: "Time between marking a block for deletion and deleting it.",
    default: "48h"
  },
  {
    name: "http-address",
    kind: "string",
    help: "Address for /metrics and health with --wait.",
    default: "0.0.0.0:10902"
  },
  ...shared(["log.level", "log.format"])
]

export const compactProgram = (values: FlagValues, version: string) =>
  Effect.gen(function* () {
    const path = values["objstore.config-file"] as string | undefined
    if (path === undefined) return yield* Effect.fail(new Error("--objstore.config-file is required"))
    const scratchDir = resolve(values["data-dir"] as string)
    const store = Context.get(
      yield* Layer.build(layerFromObjstoreConfig(parseObjstoreConfig(readFileSync(path, "utf8"), path))),
      ObjectStore
    )
    yield* Effect.logInfo("Starting Vesta compact", { version, data_dir: scratchDir })
    const metrics = yield* SelfMetrics
    const runs = metrics.counter(
      "thanos_compact_iterations_total",
      "Total number of iterations that were executed successfully."
    )
    const made = metrics.counter(
      "thanos_compact_group_compactions_total",
      "Total number of group compactions attempts that resulted in a new block."
    )
    const pass = Effect.gen(function* () {
      const started = Date.now()
      const r = yield* compactPass(store, {
        scratchDir,
        retentionRawMs: values["retention.resolution-raw"] as number,
        deleteDelayMs: values["delete-delay"] as number
      })
      runs.inc()
      for (const c of r.compacted) {
        made.inc()
        yield* Effect.logInfo("Compacted blocks", { ulid: c.ulid, inputs: c.inputs.join(",") })
      }
      for (const u of r.markedForRetention)
        yield* Effect.logInfo("Marked block for deletion (retention)", { ulid: u })
      for (const u of r.deleted) yield* Effect.logInfo("Deleted block", { ulid: u })
      yield* Effect.logInfo("Compaction pass done", { duration_ms: Date.now() - started })
    })
    if (!(values.wait as boolean)) return yield* pass
    yield* Layer.build(
      gatewayLayer({
        listenAddress: values["http-address"] as string,
        version,
        flags: flagsAsText(compactFlags, values)
      }).pipe(Layer.provide(Layer.succeed(SelfMetrics, metrics)))
    )
    return yield* pass.pipe(
      Effect.catchCause((cause) =>
        Effect.logError("Compaction pass failed; retrying next interval", { cause })
      ),
      Effect.repeat(Schedule.spaced(values["wait-interval"] as number)),
      Effect.andThen(Effect.never)
    )
  }).pipe(Effect.provide(SelfMetrics.layer))
