/**
 * The DurableLog seam: an append-only journal of opaque entries (protobuf batches) with durable
 * acknowledgement, read by sequence and purged by prefix. Two implementations pass one suite
 * (test/conformance/durable-log.conformance.test.ts): a local segmented, checksummed file log
 * (file-log.ts) and a JetStream stream (jetstream-log.ts). It never interprets entries.
 */
import { Context, Effect, Option, Schema, type Scope, Stream } from "effect"

/** One stored entry. `data` belongs to the caller; it may be a view into a larger buffer. */
export interface LogEntry {
  readonly seq: number
  readonly data: Uint8Array
}

/** The sequences an append gave its entries, in call order. */
export interface AppendAck {
  readonly firstSeq: number
  readonly lastSeq: number
}

export interface AppendOptions {
  /**
   * Idempotency key of this call. A repeated call with the same key inside the implementation's
   * window (file log: the last `dedupWindowCalls` calls since open; JetStream: the stream's
   * duplicate window, 2 minutes by default) stores nothing and returns the first call's ack.
   */
  readonly dedupId?: string
}

const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message
  const m = (cause as { message?: unknown } | null)?.message
  if (typeof m === "string") return m
  try {
    return typeof cause === "object" && cause !== null ? JSON.stringify(cause) : String(cause)
  } catch {
    return Object.prototype.toString.call(cause)
  }
}

/** The log could not be reached, an I/O call failed, or the log is closed or failed earlier. */
export class LogUnavailableError extends Schema.TaggedError<LogUnavailableError>()("LogUnavailableError", {
  log: Schema.String,
  op: Schema.String,
  cause: Schema.Defect()
}) {
  override get message() {
    return `durable log "${this.log}" ${this.op} failed: ${describeCause(this.cause)}`
  }
}

/** Stored bytes fail their checksum (or framing) somewhere a torn tail cannot explain. */
export class LogCorruptError extends Schema.TaggedError<LogCorruptError>()("LogCorruptError", {
  log: Schema.String,
  file: Schema.String,
  offset: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `durable log "${this.log}": corrupt segment ${this.file} at offset ${this.offset}: ${this.reason}`
  }
}

/** Bad input: one entry of an append is larger than the log accepts. Nothing was stored. */
export class LogEntryTooLargeError extends Schema.TaggedError<LogEntryTooLargeError>()(
  "LogEntryTooLargeError",
  { log: Schema.String, index: Schema.Number, sizeBytes: Schema.Number, limitBytes: Schema.Number }
) {
  override get message() {
    return `durable log "${this.log}": entry ${this.index} is ${this.sizeBytes} bytes; the limit is ${this.limitBytes}`
  }
}

/**
 * One named log. The contract, for every implementation:
 * - **Sequences** start at 1 and are gapless and increasing; purging never reuses one.
 * - **append** resolves only once every entry is durable (file log: written and fdatasync'd, or
 *   with a sync interval written to the OS, which survives the process's death but not a power
 *   loss within the interval; JetStream: stored by the stream), with the sequences given to the call's entries. Concurrent
 *   calls are allowed and may share one fsync (group commit); each call's entries stay contiguous
 *   and in order. (JetStream exception: a retried call, same `dedupId`, that was partly stored the
 *   first time returns the stored copies' sequences, which may then not be contiguous.) An empty
 *   call stores nothing and returns `{ firstSeq: lastSeq + 1, lastSeq }`. A failed append may
 *   still have stored some entries (at-least-once for unacknowledged data; retry with `dedupId`).
 * - **read(fromSeq, maxEntries)** returns acknowledged entries with seq ≥ max(fromSeq, firstSeq),
 *   consecutive and in order: at most `maxEntries`, possibly fewer (a byte budget per read, at
 *   least one entry when any is available), none when fromSeq > lastSeq. Every entry returned has
 *   passed its checksum; damage is a `LogCorruptError` naming file and offset, never skipped.
 * - **purge(upToSeq)** drops the entries ≤ upToSeq (clamped to lastSeq) durably; then firstSeq
 *   is upToSeq + 1 and reads below it start at firstSeq. A lower purge point than before is a no-op.
 * - **follow(fromSeq)** streams the entries `read` would return from fromSeq on, then waits for
 *   new appends and streams them too; it ends only with its Scope or an error. Entries a purge
 *   removed before they were streamed are skipped (the stream jumps to firstSeq).
 * - **bounds**: `firstSeq..lastSeq` present; empty when firstSeq = lastSeq + 1 (a new log: 1, 0).
 * - **Reopening** a log yields the same entries, sequences and bounds. One writer per log: the
 *   file log allows one process per directory; the JetStream log assumes no other publisher.
 */
export interface DurableLog {
  readonly name: string
  /** The largest entry `append` accepts; larger ones fail with `LogEntryTooLargeError`. */
  readonly entryMaxBytes: number
  readonly append: (
    entries: ReadonlyArray<Uint8Array>,
    options?: AppendOptions
  ) => Effect.Effect<AppendAck, LogUnavailableError | LogEntryTooLargeError>
  readonly read: (
    fromSeq: number,
    maxEntries: number
  ) => Effect.Effect<ReadonlyArray<LogEntry>, LogUnavailableError | LogCorruptError>
  readonly follow: (fromSeq: number) => Stream.Stream<LogEntry, LogUnavailableError | LogCorruptError>
  readonly purge: (upToSeq: number) => Effect.Effect<void, LogUnavailableError>
  readonly bounds: Effect.Effect<AppendAck, LogUnavailableError>
}

/** Entries streamed per read while following. */
export const followBatchEntries = 1000

/**
 * `follow` for an implementation that can read and can wait until an entry at or above `seq` may
 * be there (`waitFor`; waking early is harmless). Shared by both implementations.
 */
export const followByReading =
  <E>(
    read: (fromSeq: number, maxEntries: number) => Effect.Effect<ReadonlyArray<LogEntry>, E>,
    waitFor: (seq: number) => Effect.Effect<void, E>
  ) =>
  (fromSeq: number): Stream.Stream<LogEntry, E> =>
    Stream.paginate(fromSeq, (seq: number) =>
      Effect.flatMap(read(seq, followBatchEntries), (got) =>
        got.length > 0
          ? Effect.succeed([got, Option.some(got[got.length - 1].seq + 1)] as const)
          : Effect.as(waitFor(seq), [[] as ReadonlyArray<LogEntry>, Option.some(seq)] as const)
      )
    )

/** Log names are one file-system / stream-name token. */
export const logNamePattern = /^[A-Za-z0-9_-]{1,200}$/

/** An invalid log name is a caller bug: dies with a message naming it. */
export const checkLogName = (name: string): string => {
  if (!logNamePattern.test(name))
    throw new Error(`invalid durable log name ${JSON.stringify(name)}: must match ${logNamePattern}`)
  return name
}

/**
 * Opens (creating if needed) named logs; a name is one file-log directory or one JetStream
 * stream. A log closes with the enclosing Scope (pending appends finish first); its data stays.
 * Opening the same name twice at once is not supported.
 */
export class DurableLogStore extends Context.Service<
  DurableLogStore,
  {
    readonly open: (
      name: string
    ) => Effect.Effect<DurableLog, LogUnavailableError | LogCorruptError, Scope.Scope>
  }
>()("storage/log/DurableLogStore") {}
