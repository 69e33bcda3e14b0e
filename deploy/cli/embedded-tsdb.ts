/**
 * Runs the embedded database's housekeeping: cutting head blocks when the head is due (checked
 * after every committed append, like Prometheus), purging the write-ahead log behind them, and a
 * periodic pass (every minute) for the same plus closing readers of replaced blocks. Failures are
 * logged and retried on the next pass; they never stop ingestion.
 */
import { Effect, Schedule } from "effect"
import type { MetricsRegistry } from "../../protocols/metrics/registry.ts"
import { writeBlockInWorker } from "../../storage/blocks/block-write-worker.ts"
import { compactInWorker } from "../../storage/compact/compact-worker.ts"
import type { RetentionLimits } from "../../storage/compact/retention.ts"
import type { DurableLog } from "../../storage/log/durable-log.ts"
import type { ObjectStoreShape } from "../../storage/object-store/object-store.ts"
import { shipBlocks } from "../../storage/ship/shipper.ts"
import type { LocalTsdb } from "../../storage/tsdb/local-tsdb.ts"

export interface TsdbHousekeeping {
  /** Cut due blocks and purge the log (serialised: concurrent calls share one run). */
  readonly cut: Effect.Effect<void>
  /** Asks for a cut soon, without waiting (from the append path). */
  readonly requestCut: () => void
  /** The periodic pass, forever. */
  readonly loop: Effect.Effect<never>
}

export const tsdbHousekeeping = (
  tsdb: LocalTsdb,
  wal: DurableLog,
  metrics: MetricsRegistry,
  options: {
    readonly intervalMs: number
    readonly afterCut?: () => void
    /** Compaction ranges (Prometheus's 2h × 3^k up to the max block duration); [] = no compaction. */
    readonly ranges: ReadonlyArray<number>
    readonly retention: RetentionLimits
    /** Bytes outside blocks that count against the size limit (the WAL). */
    readonly walBytes?: () => number
    /** Blocks that may be deleted by retention (e.g. only those already shipped). */
    readonly mayDelete?: (ulid: string) => boolean
  }
): Effect.Effect<TsdbHousekeeping> =>
  Effect.gen(function* () {
    const context = yield* Effect.context<never>()
    const headBlocks = metrics.counter(
      "prometheus_tsdb_compactions_total",
      "Total number of compactions that were executed for the partition."
    )
    const failures = metrics.counter(
      "prometheus_tsdb_compactions_failed_total",
      "Total number of compactions that failed for the partition."
    )
    metrics.collected(
      "prometheus_tsdb_blocks_loaded",
      "Number of currently loaded data blocks",
      "gauge",
      () => tsdb.blocks.length
    )
    const compactions = metrics.counter(
      "prometheus_tsdb_compactions_triggered_total",
      "Total number of triggered compactions for the partition."
    )
    const retained = metrics.counter(
      "prometheus_tsdb_time_retentions_total",
      "The number of times that blocks were deleted because the maximum time limit was exceeded."
    )
    const sized = metrics.counter(
      "prometheus_tsdb_size_retentions_total",
      "The number of times that blocks were deleted because the maximum number of bytes was exceeded."
    )
    const compactAndRetain = Effect.gen(function* () {
      // Bounded: each step merges blocks, so a handful of steps settles any backlog.
      for (let i = 0; i < 16 && options.ranges.length > 1; i++) {
        const started = Date.now()
        // In a worker thread: appends, queries and scrapes go on meanwhile.
        const step = yield* Effect.tryPromise(() => tsdb.compactOnceAsync(options.ranges, compactInWorker))
        if (step === undefined) break
        compactions.inc()
        yield* Effect.logInfo("Compacted blocks", {
          inputs: step.inputs.join(","),
          ulid: step.made?.ulid ?? "(nothing left)",
          mint: step.made?.minTime,
          maxt: step.made?.maxTime,
          duration_ms: Date.now() - started
        })
      }
      const limits = { ...options.retention, extraBytes: options.walBytes?.() ?? 0 }
      for (const gone of tsdb.applyRetention(limits, options.mayDelete)) {
        if (gone.reason === "time") retained.inc()
        else sized.inc()
        yield* Effect.logInfo("Deleting block beyond retention", { ulid: gone.ulid, reason: gone.reason })
      }
      tsdb.closeRetired()
    }).pipe(
      Effect.catchCause((cause) =>
        Effect.sync(() => failures.inc()).pipe(
          Effect.andThen(
            Effect.logError("Compaction or retention failed; retrying on the next pass", { cause })
          )
        )
      )
    )
    let running = false
    let again = false
    const cutOnce = Effect.gen(function* () {
      const started = Date.now()
      // Written in a worker thread: appends and queries go on meanwhile.
      const { blocks, purgeUpTo } = yield* Effect.tryPromise(() => tsdb.cutBlocksAsync(writeBlockInWorker))
      for (const b of blocks) {
        headBlocks.inc()
        yield* Effect.logInfo("Head block written", {
          ulid: b.ulid,
          mint: b.minTime,
          maxt: b.maxTime,
          series: b.stats.numSeries,
          samples: b.stats.numSamples,
          duration_ms: Date.now() - started
        })
      }
      if (blocks.length > 0) options.afterCut?.()
      if (purgeUpTo > 0) {
        yield* wal.purge(purgeUpTo)
        yield* Effect.logInfo("Write-ahead log purged", { up_to_seq: purgeUpTo })
      }
      // Like Prometheus: after persisting the head, compact blocks and apply retention.
      if (blocks.length > 0) yield* compactAndRetain
    }).pipe(
      Effect.catchCause((cause) =>
        Effect.sync(() => failures.inc()).pipe(
          Effect.andThen(Effect.logError("Head block cut failed; retrying on the next pass", { cause }))
        )
      )
    )
    const cut: Effect.Effect<void> = Effect.suspend(() => {
      if (running) {
        again = true
        return Effect.void
      }
      running = true
      return cutOnce.pipe(
        Effect.repeat({
          while: () => {
            const more = again
            again = false
            return more
          }
        }),
        Effect.ensuring(Effect.sync(() => (running = false))),
        Effect.asVoid
      )
    })
    const requestCut = () => {
      if (!tsdb.compactable) return
      if (running) {
        again = true // the running pass looks again when it ends
        return
      }
      setImmediate(() => Effect.runForkWith(context)(cut))
    }
    const loop = Effect.gen(function* () {
      yield* cut
      yield* compactAndRetain
    }).pipe(Effect.repeat(Schedule.spaced(options.intervalMs)), Effect.andThen(Effect.never))
    return { cut, requestCut, loop }
  })

/**
 * With `--objstore.config-file`: ship blocks to the bucket every 30 s, as Thanos's sidecar does;
 * a failed round is logged and retried (nothing is deleted locally because of it).
 */
export interface ShipLoop {
  readonly loop: Effect.Effect<never>
  /** Starts the next round now (a block was just cut). */
  readonly wake: () => void
}

export const shipLoop = (
  dataDir: string,
  store: ObjectStoreShape,
  externalLabels: () => Readonly<Record<string, string>>,
  metrics: MetricsRegistry,
  intervalMs = 30_000
): ShipLoop => {
  // A wake-up while a round runs is remembered, so the next nap is skipped.
  let pending = false
  const remember = () => {
    pending = true
  }
  let wake = remember
  // After a failed round: retry after 1 s, doubling up to the interval.
  let backoffMs = 0
  const nap = Effect.callback<void>((resume) => {
    if (pending) {
      pending = false
      resume(Effect.void)
      return
    }
    const done = () => {
      clearTimeout(timer)
      wake = remember
      resume(Effect.void)
    }
    const timer = setTimeout(done, backoffMs > 0 ? Math.min(backoffMs, intervalMs) : intervalMs)
    wake = done
    return Effect.sync(() => {
      clearTimeout(timer)
      wake = remember
    })
  })
  const uploads = metrics.counter("thanos_shipper_uploads_total", "Total number of uploaded blocks.")
  const failures = metrics.counter(
    "thanos_shipper_upload_failures_total",
    "Total number of block upload failures."
  )
  const round = Effect.suspend(() => shipBlocks(dataDir, store, { externalLabels: externalLabels() })).pipe(
    Effect.tap(() => Effect.sync(() => (backoffMs = 0))),
    Effect.flatMap((r) =>
      Effect.forEach(r.uploaded, (ulid) =>
        Effect.sync(() => uploads.inc()).pipe(Effect.andThen(Effect.logInfo("Block uploaded", { ulid })))
      )
    ),
    Effect.catchCause((cause) =>
      Effect.suspend(() => {
        failures.inc()
        backoffMs = backoffMs === 0 ? 1000 : backoffMs * 2
        return Effect.logWarning("Shipping blocks failed; retrying", {
          retry_in_ms: Math.min(backoffMs, intervalMs),
          cause
        })
      })
    )
  )
  return {
    loop: Effect.forever(Effect.andThen(round, nap)),
    wake: () => wake()
  }
}
