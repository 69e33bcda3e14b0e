/**
 * The ObjectStore seam: a bucket of immutable-ish objects (blocks in Thanos's layout) — get, byte
 * ranges, put (multipart when large), head, list by prefix with delimiter and pagination, delete.
 * Two implementations: a filesystem directory and S3. Keys are `/`-separated; listing order is
 * byte order, as S3's.
 */
import { type Effect, Schema } from "effect"

export class ObjectNotFoundError extends Schema.TaggedError<ObjectNotFoundError>()("ObjectNotFoundError", {
  key: Schema.String
}) {
  override get message() {
    return `object ${JSON.stringify(this.key)} not found`
  }
}

export class ObjectStoreUnavailableError extends Schema.TaggedError<ObjectStoreUnavailableError>()(
  "ObjectStoreUnavailableError",
  {
    op: Schema.String,
    key: Schema.String,
    cause: Schema.Defect()
  }
) {
  override get message() {
    return `object store ${this.op} ${JSON.stringify(this.key)} failed: ${String(this.cause)}`
  }
}

export interface ObjectInfo {
  readonly key: string
  readonly size: number
  readonly lastModifiedMs: number
}

export interface ListPage {
  readonly objects: ReadonlyArray<ObjectInfo>
  /** With a delimiter: the "directories" (prefix up to and including the delimiter). */
  readonly commonPrefixes: ReadonlyArray<string>
  /** Pass back as `continuationToken` for the next page; undefined on the last page. */
  readonly continuationToken?: string
}

export interface ListOptions {
  readonly delimiter?: string
  readonly maxKeys?: number
  readonly continuationToken?: string
  readonly startAfter?: string
}

type E = ObjectStoreUnavailableError

export interface ObjectStore {
  readonly get: (key: string) => Effect.Effect<Uint8Array, ObjectNotFoundError | E>
  /** `length` bytes from `offset` (clipped at the end of the object); never a suffix range. */
  readonly getRange: (
    key: string,
    offset: number,
    length: number
  ) => Effect.Effect<Uint8Array, ObjectNotFoundError | E>
  /** Replaces the object atomically: readers see the old or the new bytes, never a part. */
  readonly put: (key: string, body: Uint8Array) => Effect.Effect<void, E>
  readonly head: (key: string) => Effect.Effect<ObjectInfo, ObjectNotFoundError | E>
  readonly list: (prefix: string, options?: ListOptions) => Effect.Effect<ListPage, E>
  /** Idempotent. */
  readonly delete: (key: string) => Effect.Effect<void, E>
}
