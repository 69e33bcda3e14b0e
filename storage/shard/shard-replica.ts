/**
 * The series-shard actor's body: follows the shard's DurableLog in order and applies each batch
 * to the shard's head (samples before the newest local block are skipped: they are in it), cuts
 * a block whenever the head is due, ships it (when a bucket is configured; retried until it
 * succeeds, with the lease checked before each attempt), and only then purges the log behind the
 * blocks. A restart (here or on the process that wins the lease next) replays what the log still
 * holds, so every acknowledged sample is in a head, a local block or the bucket.
 */
import { Effect, Schedule, Stream } from "effect"
import { writeBlockInWorker } from "../blocks/block-write-worker.ts"
import type { DurableLog, LogCorruptError, LogUnavailableError } from "../log/durable-log.ts"
import { applyLogEntry } from "../tsdb/apply-log-entry.ts"
import type { LocalTsdb } from "../tsdb/local-tsdb.ts"

export interface ShardReplicaOptions {
  readonly shard: number
  readonly log: DurableLog
  readonly tsdb: LocalTsdb
  /** Uploads every local block not yet in the bucket; absent = blocks stay local. */
  readonly ship?: Effect.Effect<void, unknown>
  /** Checked before each unit of work (the shard's lease). */
  readonly ensureHeld?: Effect.Effect<void>
  /** The last applied sequence, for readiness and metrics. */
  readonly applied?: (seq: number) => void
  /**
   * Called once the head holds everything the log held when the replica started, so reads can
   * be served without silently missing replayed data.
   */
  readonly caughtUp?: () => void
}

/** Applies one log entry to the head; returns the samples appended. */
export const applyEntry = (tsdb: LocalTsdb, seq: number, data: Uint8Array): number => {
  const r = applyLogEntry(tsdb.head, data, tsdb.floor)
  if (typeof r === "string") throw new Error(`shard log entry ${seq}: ${r}`)
  tsdb.noteWalEntry(seq, r.maxT)
  return r.samples
}

export const runShardReplica = (
  o: ShardReplicaOptions
): Effect.Effect<void, LogUnavailableError | LogCorruptError> =>
  Effect.gen(function* () {
    const { firstSeq, lastSeq } = yield* o.log.bounds
    let behind = lastSeq >= firstSeq
    if (!behind) o.caughtUp?.()
    const held = o.ensureHeld ?? Effect.void
    const cutShipPurge = Effect.gen(function* () {
      yield* held
      // Written in a worker thread: this process's other shards and head reads go on meanwhile.
      const { blocks, purgeUpTo } = yield* Effect.promise(() => o.tsdb.cutBlocksAsync(writeBlockInWorker))
      for (const b of blocks)
        yield* Effect.logInfo("Shard block written", {
          shard: o.shard,
          ulid: b.ulid,
          mint: b.minTime,
          maxt: b.maxTime
        })
      if (o.ship !== undefined && blocks.length > 0)
        yield* Effect.andThen(held, o.ship).pipe(
          Effect.tapError((e) =>
            Effect.logWarning("Shard block upload failed; retrying", { shard: o.shard, err: String(e) })
          ),
          Effect.retry(Schedule.min([Schedule.exponential("1 second"), Schedule.spaced("30 seconds")])),
          Effect.orDie // the schedule never ends: only interruption (lease lost, shutdown) stops it
        )
      if (purgeUpTo > 0) {
        yield* held
        yield* o.log.purge(purgeUpTo)
      }
    })
    const total = lastSeq - firstSeq + 1
    const started = Date.now()
    let lastLog = started
    let samples = 0
    if (behind) yield* Effect.logInfo("Replaying shard log", { shard: o.shard, entries: total })
    yield* o.log.follow(firstSeq).pipe(
      Stream.runForEach((entry) =>
        Effect.gen(function* () {
          const n = applyEntry(o.tsdb, entry.seq, entry.data)
          o.applied?.(entry.seq)
          if (behind) {
            samples += n
            const now = Date.now()
            const done = entry.seq - firstSeq + 1
            if (entry.seq >= lastSeq) {
              behind = false
              yield* Effect.logInfo("Shard log replayed", {
                shard: o.shard,
                entries: total,
                samples,
                duration_ms: now - started
              })
              o.caughtUp?.()
            } else if (now - lastLog >= 1000) {
              lastLog = now
              const rate = done / Math.max((now - started) / 1000, 0.001)
              yield* Effect.logInfo("Replaying shard log", {
                shard: o.shard,
                entries: `${done}/${total}`,
                entries_per_second: Math.round(rate),
                eta_seconds: ((total - done) / rate).toFixed(1)
              })
            }
          }
          if (o.tsdb.compactable) yield* cutShipPurge
        })
      )
    )
  })
