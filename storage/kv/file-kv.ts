/**
 * The embedded KvStore: buckets in memory, each persisted to `<dir>/<bucket>.json` on every write
 * (temp file, fsync, rename, fsync of the directory), revisions bucket-wide and monotonic like
 * JetStream's, TTL applied lazily (an expired entry reads as absent, is left out of keys() and is
 * pruned at the next write). For small state only, and one process per directory: it takes no
 * file lock, and every write rewrites the whole bucket synchronously.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Clock, Effect, Layer } from "effect"
import { type KvBucket, KvConflictError, type KvEntry, KvStore, KvUnavailableError } from "./key-value.ts"
import { assertBucket, assertKey } from "./kv-names.ts"

type CasError = KvUnavailableError | KvConflictError

interface Stored {
  readonly value: string // base64
  readonly revision: number
  readonly writtenMs: number
}

/** The file's content; `version` lets a later format upgrade old files. */
interface BucketFile {
  version: 1
  ttlMs: number
  revision: number
  entries: Record<string, Stored>
}

const fsyncPath = (path: string, flags: string) => {
  const fd = openSync(path, flags)
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Reads a bucket file; a missing file is an empty bucket, a damaged one an error naming it. */
const load = (path: string, ttlMs: number): BucketFile => {
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, ttlMs, revision: 0, entries: {} }
    throw e
  }
  let parsed: BucketFile
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new Error(`cannot parse ${path}: ${(e as Error).message}`)
  }
  if (parsed?.version !== 1 || !Number.isSafeInteger(parsed.revision) || typeof parsed.entries !== "object") {
    throw new Error(`cannot read ${path}: not a version 1 kv bucket file`)
  }
  parsed.ttlMs = ttlMs
  return parsed
}

const fileBucket = (dir: string, name: string, ttlMs: number) => {
  const path = join(dir, `${name}.json`)
  const state = load(path, ttlMs)
  const expired = (e: Stored, now: number) => state.ttlMs > 0 && now - e.writtenMs >= state.ttlMs
  const live = (key: string, now: number): Stored | undefined => {
    const e = Object.hasOwn(state.entries, key) ? state.entries[key] : undefined
    return e === undefined || expired(e, now) ? undefined : e
  }
  const persist = () => {
    const tmp = `${path}.tmp`
    writeFileSync(tmp, JSON.stringify(state))
    fsyncPath(tmp, "r")
    renameSync(tmp, path)
    fsyncPath(dir, "r") // the rename itself survives a crash only once the directory is synced
  }
  /** Applies one write and persists it; on a failed persist the previous state is restored. */
  const commit = (op: string, key: string, now: number, value: Uint8Array | undefined) =>
    Effect.try({
      try: () => {
        const before = { revision: state.revision, entries: state.entries }
        const entries: Record<string, Stored> = {}
        for (const [k, e] of Object.entries(state.entries)) if (!expired(e, now) && k !== key) entries[k] = e
        state.revision++
        if (value !== undefined) {
          entries[key] = {
            value: Buffer.from(value).toString("base64"),
            revision: state.revision,
            writtenMs: now
          }
        }
        state.entries = entries
        try {
          persist()
        } catch (e) {
          state.revision = before.revision
          state.entries = before.entries
          throw e
        }
        return state.revision
      },
      catch: (cause) => new KvUnavailableError({ op, bucket: name, key, cause })
    })
  const entry = (key: string, e: Stored): KvEntry => ({
    key,
    value: new Uint8Array(Buffer.from(e.value, "base64")),
    revision: e.revision
  })
  /** Validates the key, reads the clock, then runs `f`. */
  const withKey = <A, E>(key: string, f: (now: number) => Effect.Effect<A, E>) =>
    Effect.suspend(() => {
      assertKey(name, key)
      return Effect.flatMap(Clock.currentTimeMillis, f)
    })
  const conflict = (key: string, expectedRevision: number) =>
    Effect.fail(new KvConflictError({ bucket: name, key, expectedRevision }))

  const bucket: KvBucket = {
    name,
    get: (key) =>
      withKey(key, (now) => {
        const e = live(key, now)
        return Effect.succeed(e ? entry(key, e) : undefined)
      }),
    put: (key, value) => withKey(key, (now) => commit("put", key, now, value)),
    create: (key, value) =>
      withKey<number, CasError>(key, (now) =>
        live(key, now) ? conflict(key, 0) : commit("create", key, now, value)
      ),
    update: (key, value, expectedRevision) =>
      withKey<number, CasError>(key, (now) =>
        live(key, now)?.revision === expectedRevision
          ? commit("update", key, now, value)
          : conflict(key, expectedRevision)
      ),
    delete: (key, expectedRevision) =>
      withKey<void, CasError>(key, (now) =>
        expectedRevision !== undefined && live(key, now)?.revision !== expectedRevision
          ? conflict(key, expectedRevision)
          : Effect.asVoid(commit("delete", key, now, undefined))
      ),
    keys: (prefix = "") =>
      Effect.map(Clock.currentTimeMillis, (now) =>
        Object.keys(state.entries)
          .filter((k) => k.startsWith(prefix) && live(k, now) !== undefined)
          .sort()
      )
  }
  return { bucket, setTtl: (ms: number) => void (state.ttlMs = ms) }
}

/** A store on `dir` (created if missing). Opening a bucket twice gives the same bucket. */
export const fileKvStore = (dir: string): KvStore["Service"] => {
  const open = new Map<string, ReturnType<typeof fileBucket>>()
  return KvStore.of({
    bucket: (name, options) =>
      Effect.suspend(() => {
        const ttlMs = options?.ttlMs ?? 0
        assertBucket(name, ttlMs)
        return Effect.try({
          try: () => {
            let b = open.get(name)
            if (b) b.setTtl(ttlMs)
            else {
              mkdirSync(dir, { recursive: true })
              open.set(name, (b = fileBucket(dir, name, ttlMs)))
            }
            return b.bucket
          },
          catch: (cause) => new KvUnavailableError({ op: "open", bucket: name, cause })
        })
      })
  })
}

export const FileKvStore = {
  make: fileKvStore,
  layer: (dir: string): Layer.Layer<KvStore> => Layer.sync(KvStore, () => fileKvStore(dir))
} as const
