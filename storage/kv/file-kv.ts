/**
 * The embedded KvStore: buckets in memory, each persisted to `<dir>/<bucket>.json` on every write
 * (temp file, fsync, rename), revisions bucket-wide and monotonic like JetStream's, TTL applied on
 * read (an expired entry reads as absent and may be created again). For small state only.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync
} from "node:fs"
import { join } from "node:path"
import { Clock, Effect } from "effect"
import { type KvBucket, KvConflictError, type KvEntry, KvStore, KvUnavailableError } from "./key-value.ts"

interface Stored {
  value: string // base64
  revision: number
  writtenMs: number
}

interface BucketFile {
  revision: number
  entries: Record<string, Stored>
}

const keyPattern = /^[-/_=.a-zA-Z0-9]+$/

const fileBucket = (dir: string, name: string, ttlMs: number): KvBucket => {
  const path = join(dir, `${name}.json`)
  const state: BucketFile = existsSync(path)
    ? JSON.parse(readFileSync(path, "utf8"))
    : { revision: 0, entries: {} }
  const persist = () => {
    const tmp = `${path}.tmp`
    writeFileSync(tmp, JSON.stringify(state))
    const fd = openSync(tmp, "r")
    fsyncSync(fd)
    closeSync(fd)
    renameSync(tmp, path)
  }
  const live = (key: string, now: number): Stored | undefined => {
    const e = state.entries[key]
    if (!e) return undefined
    if (ttlMs > 0 && now - e.writtenMs >= ttlMs) return undefined
    return e
  }
  const write = (key: string, value: Uint8Array, now: number) =>
    Effect.try({
      try: () => {
        if (!keyPattern.test(key)) throw new Error(`invalid key ${JSON.stringify(key)}`)
        state.revision++
        state.entries[key] = {
          value: Buffer.from(value).toString("base64"),
          revision: state.revision,
          writtenMs: now
        }
        persist()
        return state.revision
      },
      catch: (cause) => new KvUnavailableError({ op: "put", bucket: name, key, cause })
    })
  const entry = (key: string, e: Stored): KvEntry => ({
    key,
    value: Buffer.from(e.value, "base64"),
    revision: e.revision
  })
  return {
    name,
    get: (key) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const e = live(key, now)
        return e ? entry(key, e) : undefined
      }),
    put: (key, value) => Effect.flatMap(Clock.currentTimeMillis, (now) => write(key, value, now)),
    create: (key, value) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        if (live(key, now)) return yield* new KvConflictError({ bucket: name, key, expectedRevision: 0 })
        return yield* write(key, value, now)
      }),
    update: (key, value, expectedRevision) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        if (live(key, now)?.revision !== expectedRevision)
          return yield* new KvConflictError({ bucket: name, key, expectedRevision })
        return yield* write(key, value, now)
      }),
    delete: (key, expectedRevision) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        if (expectedRevision !== undefined && live(key, now)?.revision !== expectedRevision) {
          return yield* new KvConflictError({ bucket: name, key, expectedRevision })
        }
        yield* Effect.try({
          try: () => {
            delete state.entries[key]
            state.revision++
            persist()
          },
          catch: (cause) => new KvUnavailableError({ op: "delete", bucket: name, key, cause })
        })
      }),
    keys: (prefix) =>
      Effect.map(Clock.currentTimeMillis, (now) =>
        Object.keys(state.entries)
          .filter((k) => (prefix === undefined || k.startsWith(prefix)) && live(k, now) !== undefined)
          .sort()
      )
  }
}

export const fileKvStore = (dir: string) => {
  mkdirSync(dir, { recursive: true })
  const open = new Map<string, KvBucket>()
  return KvStore.of({
    bucket: (name, options) =>
      Effect.try({
        try: () => {
          let b = open.get(name)
          if (!b) open.set(name, (b = fileBucket(dir, name, options?.ttlMs ?? 0)))
          return b
        },
        catch: (cause) => new KvUnavailableError({ op: "open", bucket: name, cause })
      })
  })
}
