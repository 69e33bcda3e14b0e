/**
 * The one error for damaged block files (index, chunk segments, tombstones, meta.json): it names
 * the file and the byte offset where the damage was found. Readers raise it instead of returning
 * anything decoded from bytes that failed a check; it never covers I/O failures (those keep their
 * own errors).
 */
import { Schema } from "effect"

export class CorruptionError extends Schema.TaggedError<CorruptionError>()("CorruptionError", {
  file: Schema.String,
  offset: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `corrupt file ${this.file} at offset ${this.offset}: ${this.reason}`
  }
}

/** Throws a CorruptionError; for decoders whose callers turn it into a failed read. */
export const corrupt = (file: string, offset: number, reason: string): never => {
  throw new CorruptionError({ file, offset, reason })
}
