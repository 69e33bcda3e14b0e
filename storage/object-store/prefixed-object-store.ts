/**
 * An ObjectStore seen under a key prefix (objstore.yml's `prefix`): keys gain the prefix on the way
 * in and lose it on the way out, so callers never see it. Continuation tokens pass through unchanged.
 */
import { Effect } from "effect"
import { checkKey, type ListPage, listAllPages, type ObjectStoreShape } from "./object-store.ts"

/** `prefix` ends with "/" (e.g. "tenant-a/"). */
export const prefixedObjectStore = (inner: ObjectStoreShape, prefix: string): ObjectStoreShape => {
  const k = (key: string) => prefix + key
  const strip = (page: ListPage): ListPage => ({
    objects: page.objects.map((o) => ({ ...o, key: o.key.slice(prefix.length) })),
    commonPrefixes: page.commonPrefixes.map((p) => p.slice(prefix.length)),
    continuationToken: page.continuationToken
  })
  const list: ObjectStoreShape["list"] = (p, options = {}) =>
    inner
      .list(k(p), {
        ...options,
        startAfter: options.startAfter === undefined ? undefined : k(options.startAfter)
      })
      .pipe(Effect.map(strip))
  return {
    get: (key) => checkKey(key).pipe(Effect.andThen(inner.get(k(key)))),
    getRange: (key, offset, length) =>
      checkKey(key).pipe(Effect.andThen(inner.getRange(k(key), offset, length))),
    put: (key, body) => checkKey(key).pipe(Effect.andThen(inner.put(k(key), body))),
    head: (key) =>
      checkKey(key).pipe(
        Effect.andThen(inner.head(k(key))),
        Effect.map((info) => ({ ...info, key }))
      ),
    exists: (key) => checkKey(key).pipe(Effect.andThen(inner.exists(k(key)))),
    list,
    listAll: listAllPages(list),
    delete: (key) => checkKey(key).pipe(Effect.andThen(inner.delete(k(key))))
  }
}
