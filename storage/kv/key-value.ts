/**
 * The KV seam: small state with revisions (leases, checkpoints, target status). Two
 * implementations: an in-process store persisted to a file, and JetStream KV. It is not for bulk
 * data (use the ObjectStore) nor for ordered journals (use the DurableLog).
 */
import { Context, type Effect, Schema, type Scope } from "effect"

/** One stored value. `revision` grows on every write to the bucket (JetStream semantics). */
export interface KvEntry {
  readonly key: string
  readonly value: Uint8Array
  readonly revision: number
}

export interface KvBucketOptions {
  /**
   * Every entry expires this long after its last write; 0 (the default) = never. Bucket-wide on
   * purpose: nats-server 2.9 silently ignores per-key TTLs, so a lease length is a bucket. Opening
   * an existing bucket with another TTL changes the bucket's TTL.
   */
  readonly ttlMs?: number
}

/** The store could not be reached or answered with an unexpected failure. */
export class KvUnavailableError extends Schema.TaggedError<KvUnavailableError>()("KvUnavailableError", {
  op: Schema.String,
  bucket: Schema.String,
  key: Schema.optional(Schema.String),
  cause: Schema.Defect()
}) {
  override get message() {
    return `kv ${this.op} failed on bucket "${this.bucket}"${this.key ? ` key "${this.key}"` : ""}: ${String(this.cause)}`
  }
}

/** A compare-and-set lost: the key exists (create) or its revision moved on (update). */
export class KvConflictError extends Schema.TaggedError<KvConflictError>()("KvConflictError", {
  bucket: Schema.String,
  key: Schema.String,
  expectedRevision: Schema.Number
}) {
  override get message() {
    return this.expectedRevision === 0
      ? `kv create "${this.key}" in "${this.bucket}": key already exists`
      : `kv update "${this.key}" in "${this.bucket}": revision is no longer ${this.expectedRevision}`
  }
}

/**
 * One bucket. Keys follow JetStream KV: characters `A-Za-z0-9_-/=.`, `.` separating non-empty
 * tokens; an invalid key is a caller bug and dies with a message naming it (kv-names.ts).
 * All operations are linearizable per key. An expired or deleted entry reads as absent; every
 * write (put, create, update, delete) takes the next bucket-wide revision, as in JetStream.
 */
export interface KvBucket {
  readonly name: string
  /** The current entry, or undefined when absent, deleted or expired. */
  readonly get: (key: string) => Effect.Effect<KvEntry | undefined, KvUnavailableError>
  /** Unconditional write; returns the new revision. */
  readonly put: (key: string, value: Uint8Array) => Effect.Effect<number, KvUnavailableError>
  /** Writes only when the key is absent (or deleted/expired); returns the new revision. */
  readonly create: (
    key: string,
    value: Uint8Array
  ) => Effect.Effect<number, KvUnavailableError | KvConflictError>
  /** Writes only when the key's current revision is `expectedRevision`; returns the new revision. */
  readonly update: (
    key: string,
    value: Uint8Array,
    expectedRevision: number
  ) => Effect.Effect<number, KvUnavailableError | KvConflictError>
  /** Deletes the key; with `expectedRevision`, only if it still has that revision. */
  readonly delete: (
    key: string,
    expectedRevision?: number
  ) => Effect.Effect<void, KvUnavailableError | KvConflictError>
  /** Live keys starting with `prefix` (all when omitted), sorted. */
  readonly keys: (prefix?: string) => Effect.Effect<ReadonlyArray<string>, KvUnavailableError>
}

/**
 * Opens (creating if needed) buckets; buckets close with the enclosing Scope, their data stays.
 * Bucket names are `A-Za-z0-9_-`; an invalid name or TTL dies. Implementations: file-kv.ts
 * (embedded, one process per directory) and jetstream-kv.ts.
 */
export class KvStore extends Context.Service<
  KvStore,
  {
    readonly bucket: (
      name: string,
      options?: KvBucketOptions
    ) => Effect.Effect<KvBucket, KvUnavailableError, Scope.Scope>
  }
>()("storage/kv/KvStore") {}
