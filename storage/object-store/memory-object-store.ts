/**
 * The in-memory ObjectStore, for tests and single-process experiments: a Map of byte copies, paged
 * with the same rules as the filesystem store. Nothing survives the process; no size limit.
 */
import { readFile } from "node:fs/promises"
import { Effect, Layer } from "effect"
import { pageOfKeys } from "./list-page.ts"
import {
  checkKey,
  checkMaxKeys,
  checkRange,
  compareKeys,
  isObjectFile,
  listAllPages,
  type ObjectInfo,
  ObjectNotFoundError,
  ObjectStore,
  type ObjectStoreShape,
  ObjectStoreUnavailableError
} from "./object-store.ts"

interface Stored {
  readonly bytes: Uint8Array
  readonly info: ObjectInfo
}

const concat = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export const memoryObjectStore = (): ObjectStoreShape => {
  const objects = new Map<string, Stored>()
  let version = 0
  const find = (key: string) =>
    checkKey(key).pipe(
      Effect.andThen(
        Effect.suspend(() => {
          const o = objects.get(key)
          return o ? Effect.succeed(o) : Effect.fail(new ObjectNotFoundError({ key }))
        })
      )
    )
  const list: ObjectStoreShape["list"] = (prefix, options = {}) =>
    Effect.gen(function* () {
      const maxKeys = yield* checkMaxKeys(options)
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys)
      const page = pageOfKeys(keys, prefix, options, maxKeys)
      if (page === undefined)
        return yield* new ObjectStoreUnavailableError({
          op: "list",
          key: prefix,
          cause: new Error(`invalid continuation token ${JSON.stringify(options.continuationToken)}`)
        })
      return {
        objects: page.keys.map((k) => (objects.get(k) as Stored).info),
        commonPrefixes: page.commonPrefixes,
        continuationToken: page.continuationToken
      }
    })
  return {
    get: (key) => find(key).pipe(Effect.map((o) => o.bytes.slice())),
    getRange: (key, offset, length) =>
      checkRange(offset, length).pipe(
        Effect.andThen(find(key)),
        Effect.map((o) => o.bytes.slice(offset, offset + length))
      ),
    put: (key, body) =>
      checkKey(key).pipe(
        Effect.andThen(
          Effect.tryPromise({
            try: async () => {
              if (body instanceof Uint8Array) return body.slice()
              if (isObjectFile(body)) return new Uint8Array(await readFile(body.filePath))
              const parts: Uint8Array[] = []
              for await (const part of body) parts.push(part.slice())
              return concat(parts)
            },
            catch: (cause) => new ObjectStoreUnavailableError({ op: "put", key, cause })
          })
        ),
        Effect.map((bytes) => {
          const info = { key, size: bytes.length, lastModifiedMs: Date.now(), etag: `m${++version}` }
          objects.set(key, { bytes, info })
        })
      ),
    head: (key) => find(key).pipe(Effect.map((o) => o.info)),
    exists: (key) => checkKey(key).pipe(Effect.andThen(Effect.sync(() => objects.has(key)))),
    list,
    listAll: listAllPages(list),
    delete: (key) => checkKey(key).pipe(Effect.andThen(Effect.sync(() => void objects.delete(key))))
  }
}

/** A fresh, empty in-memory store per layer build. */
export const layerMemory: Layer.Layer<ObjectStore> = Layer.sync(ObjectStore, memoryObjectStore)
