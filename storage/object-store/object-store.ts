/**
 * The ObjectStore seam: one bucket of objects (blocks in Thanos's layout) with get, byte ranges, put
 * (multipart when large), head, exists, list by prefix with delimiter and pagination, delete.
 * Implementations: a filesystem directory (the embedded default), S3, and memory. Key layouts live
 * in storage/keys.ts, not here.
 */
import { Context, Effect, Option, Schema, Stream } from "effect"

/** get/getRange/head on a key that holds no object. */
export class ObjectNotFoundError extends Schema.TaggedError<ObjectNotFoundError>()("ObjectNotFoundError", {
  key: Schema.String
}) {
  override get message() {
    return `object ${JSON.stringify(this.key)} not found`
  }
}

const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`
  if (typeof cause !== "object" || cause === null) return String(cause)
  try {
    return JSON.stringify(cause)
  } catch {
    return Object.prototype.toString.call(cause)
  }
}

/** The store could not do `op` (network, permissions, disk, a missing bucket, a server error). */
export class ObjectStoreUnavailableError extends Schema.TaggedError<ObjectStoreUnavailableError>()(
  "ObjectStoreUnavailableError",
  {
    op: Schema.String,
    key: Schema.String,
    cause: Schema.Defect()
  }
) {
  override get message() {
    return `object store ${this.op} ${JSON.stringify(this.key)} failed: ${describeCause(this.cause)}`
  }
}

export interface ObjectInfo {
  readonly key: string
  readonly size: number
  readonly lastModifiedMs: number
  /** Opaque; changes whenever the object is replaced. S3's quotes are removed. */
  readonly etag: string
}

export interface ListPage {
  /** Objects of this page, in byte order of their keys. */
  readonly objects: ReadonlyArray<ObjectInfo>
  /** With a delimiter: each "directory" once, prefix up to and including the delimiter, byte order. */
  readonly commonPrefixes: ReadonlyArray<string>
  /** Pass back as `continuationToken` for the next page; undefined on the last page. Opaque. */
  readonly continuationToken?: string
}

export interface ListOptions {
  /** Keys whose rest (after `prefix`) holds the delimiter roll up into one common prefix. */
  readonly delimiter?: string
  /** At most this many objects plus common prefixes per page; 1..1000, default 1000. */
  readonly maxKeys?: number
  /** Only keys after this one in byte order (the key itself excluded); ignored with a token. */
  readonly startAfter?: string
  readonly continuationToken?: string
}

/** A file on local disk to upload; it is streamed, never read whole into memory by S3. */
export interface ObjectFile {
  readonly filePath: string
}

export type PutBody = Uint8Array | AsyncIterable<Uint8Array> | ObjectFile

export const isObjectFile = (body: PutBody): body is ObjectFile =>
  typeof (body as ObjectFile).filePath === "string"

/** S3's page limit; also our default. */
export const maxKeysLimit = 1000

/** S3 refuses multipart parts below 5 MiB (except the last). */
export const minPartSizeBytes = 5 * 1024 * 1024

/** Thanos's `part_size` default: bodies up to this size go up in one PUT, larger ones in parts of it. */
export const defaultPartSizeBytes = 64 * 1024 * 1024

type E = ObjectStoreUnavailableError

/**
 * Keys are non-empty `/`-separated paths of at most 1024 UTF-8 bytes with no empty, `.` or `..`
 * segment and no NUL. A key that breaks this is a bug in the caller (keys come from storage/keys.ts)
 * and dies rather than failing. Ordering everywhere is the byte order of the UTF-8 keys, as S3's.
 *
 * All operations are safe to run concurrently. Writes are read-after-write consistent for the
 * filesystem and memory stores and for S3 (AWS S3 is strongly consistent).
 */
export interface ObjectStoreShape {
  /** The whole object. */
  readonly get: (key: string) => Effect.Effect<Uint8Array, ObjectNotFoundError | E>
  /**
   * `length` bytes from `offset`, sent as an explicit `bytes=a-b` range (never a suffix range). The
   * result is clipped at the end of the object: it is shorter when the range runs past the end and
   * empty when `offset` is at or past the end. A missing object fails with ObjectNotFoundError.
   * `offset` and `length` are non-negative integers (else: a defect).
   */
  readonly getRange: (
    key: string,
    offset: number,
    length: number
  ) => Effect.Effect<Uint8Array, ObjectNotFoundError | E>
  /**
   * Creates or replaces the object atomically: readers see the old bytes or the new, never a part.
   * A streamed body that fails leaves the old object (or none) in place. Large bodies go up in
   * parts (S3 multipart) of the store's configured part size.
   */
  readonly put: (key: string, body: PutBody) => Effect.Effect<void, E>
  readonly head: (key: string) => Effect.Effect<ObjectInfo, ObjectNotFoundError | E>
  readonly exists: (key: string) => Effect.Effect<boolean, E>
  /** One page of keys starting with `prefix` ("" for all), as S3's ListObjectsV2. */
  readonly list: (prefix: string, options?: ListOptions) => Effect.Effect<ListPage, E>
  /** Every page of `list`, following continuation tokens; `options.maxKeys` sizes the pages. */
  readonly listAll: (prefix: string, options?: ListOptions) => Stream.Stream<ListPage, E>
  /** Removes the object; deleting a missing key succeeds (idempotent). */
  readonly delete: (key: string) => Effect.Effect<void, E>
}

export class ObjectStore extends Context.Service<ObjectStore, ObjectStoreShape>()(
  "storage/object-store/ObjectStore"
) {}

const utf8 = new TextEncoder()

/** Why `key` is not a valid object key, or undefined when it is. */
export const invalidKeyReason = (key: string): string | undefined => {
  if (key === "") return "the key is empty"
  if (key.includes("\u0000")) return "the key contains NUL"
  if (utf8.encode(key).length > 1024) return "the key is longer than 1024 bytes"
  for (const segment of key.split("/")) {
    if (segment === "") return "the key has an empty path segment"
    if (segment === "." || segment === "..") return `the key has a ${JSON.stringify(segment)} segment`
  }
  return undefined
}

/** Dies (a caller bug) on an invalid key; see ObjectStoreShape. */
export const checkKey = (key: string): Effect.Effect<void> => {
  const why = invalidKeyReason(key)
  return why === undefined
    ? Effect.void
    : Effect.die(new Error(`invalid object key ${JSON.stringify(key)}: ${why}`))
}

export const checkRange = (offset: number, length: number): Effect.Effect<void> =>
  Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0
    ? Effect.void
    : Effect.die(new Error(`invalid byte range: offset ${offset}, length ${length}`))

export const checkMaxKeys = (options: ListOptions | undefined): Effect.Effect<number> => {
  const n = options?.maxKeys ?? maxKeysLimit
  return Number.isInteger(n) && n >= 1 && n <= maxKeysLimit
    ? Effect.succeed(n)
    : Effect.die(new Error(`invalid maxKeys ${n}: expected 1..${maxKeysLimit}`))
}

/** `listAll` for any store, from its `list`. */
export const listAllPages =
  (list: ObjectStoreShape["list"]): ObjectStoreShape["listAll"] =>
  (prefix, options = {}) =>
    Stream.paginate(options.continuationToken, (token: string | undefined) =>
      list(prefix, { ...options, continuationToken: token }).pipe(
        Effect.map(
          (page) =>
            [
              [page],
              page.continuationToken === undefined ? Option.none() : Option.some(page.continuationToken)
            ] as const
        )
      )
    )

/**
 * Compares keys in the byte order of their UTF-8 encodings (S3's listing order). JavaScript's `<`
 * compares UTF-16 units, which puts U+E000..U+FFFF after astral characters; shifting units fixes it.
 */
export const compareKeys = (a: string, b: string): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    return x - y
  }
  return a.length - b.length
}
