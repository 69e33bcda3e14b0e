/**
 * The DurableLog seam: an append-only journal of opaque entries (protobuf batches) with durable
 * acknowledgement, reading from a sequence and purging a prefix. Two implementations: a local
 * segmented, checksummed file log and a JetStream stream. It does not interpret entries.
 */
import { type Effect, Schema } from "effect"

export class LogUnavailableError extends Schema.TaggedError<LogUnavailableError>()("LogUnavailableError", {
  log: Schema.String,
  op: Schema.String,
  cause: Schema.Defect()
}) {
  override get message() {
    return `durable log "${this.log}" ${this.op} failed: ${String(this.cause)}`
  }
}

export interface LogEntry {
  readonly seq: number
  readonly data: Uint8Array
}

/**
 * Contract (both implementations, checked by test/conformance/durable-log.conformance.test.ts):
 * - sequences start at 1 and are gapless; `append` resolves only once every entry is durable
 *   (fsynced / stored by JetStream), with the sequences given to them, in order;
 * - concurrent appends may be grouped, but each call's entries stay contiguous;
 * - `read(from, max)` returns entries with seq ≥ max(from, firstSeq), in order, at most `max`;
 * - `purge(upTo)` drops entries ≤ upTo; `firstSeq` then becomes upTo + 1 (never goes back);
 * - reopening a log yields the same entries and sequences.
 */
export interface DurableLog {
  readonly name: string
  readonly append: (
    entries: ReadonlyArray<Uint8Array>
  ) => Effect.Effect<{ readonly firstSeq: number; readonly lastSeq: number }, LogUnavailableError>
  readonly read: (
    fromSeq: number,
    maxEntries: number
  ) => Effect.Effect<ReadonlyArray<LogEntry>, LogUnavailableError>
  readonly purge: (upToSeq: number) => Effect.Effect<void, LogUnavailableError>
  /** The first and last sequence present (firstSeq > lastSeq when empty). */
  readonly bounds: Effect.Effect<{ readonly firstSeq: number; readonly lastSeq: number }, LogUnavailableError>
}
