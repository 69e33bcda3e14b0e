/**
 * A test double of the KvBucket seam for the runtime's unit tests: a Map with a bucket-wide
 * revision counter and a bucket TTL read from the Effect clock, so `TestClock` drives expiry.
 * Not a store: production code uses storage/kv (file or JetStream).
 */
import { Clock, Effect } from "effect"
import {
  type KvBucket,
  KvConflictError,
  type KvEntry,
  KvUnavailableError
} from "../../storage/kv/key-value.ts"

export interface TestKvBucket extends KvBucket {
  /** While true every operation fails with KvUnavailableError (a NATS outage). */
  readonly setUnavailable: (down: boolean) => void
  /** Every successful write, in order, for assertions. */
  readonly writes: Array<{ readonly op: string; readonly key: string; readonly revision: number }>
}

export const makeTestKvBucket = (name: string, ttlMs: number): TestKvBucket => {
  const entries = new Map<string, KvEntry & { readonly writtenAtMs: number }>()
  const writes: TestKvBucket["writes"] = []
  let revision = 0
  let down = false

  const live = (key: string, nowMs: number) => {
    const e = entries.get(key)
    if (e && ttlMs > 0 && nowMs >= e.writtenAtMs + ttlMs) {
      entries.delete(key)
      return undefined
    }
    return e
  }
  const op = <A, E>(
    opName: string,
    key: string | undefined,
    f: (nowMs: number) => Effect.Effect<A, E>
  ): Effect.Effect<A, E | KvUnavailableError> =>
    Effect.flatMap(
      Clock.currentTimeMillis,
      (nowMs): Effect.Effect<A, E | KvUnavailableError> =>
        down
          ? Effect.fail(new KvUnavailableError({ op: opName, bucket: name, key, cause: "test: store down" }))
          : f(nowMs)
    )
  const write = (opName: string, key: string, value: Uint8Array, nowMs: number) => {
    revision++
    entries.set(key, { key, value, revision, writtenAtMs: nowMs })
    writes.push({ op: opName, key, revision })
    return revision
  }

  return {
    name,
    writes,
    setUnavailable: (d) => {
      down = d
    },
    get: (key) =>
      op("get", key, (nowMs) => {
        const e = live(key, nowMs)
        return Effect.succeed(e ? { key: e.key, value: e.value, revision: e.revision } : undefined)
      }),
    put: (key, value) => op("put", key, (nowMs) => Effect.succeed(write("put", key, value, nowMs))),
    create: (key, value) =>
      op("create", key, (nowMs) =>
        live(key, nowMs)
          ? Effect.fail(new KvConflictError({ bucket: name, key, expectedRevision: 0 }))
          : Effect.succeed(write("create", key, value, nowMs))
      ),
    update: (key, value, expectedRevision) =>
      op("update", key, (nowMs) =>
        live(key, nowMs)?.revision === expectedRevision
          ? Effect.succeed(write("update", key, value, nowMs))
          : Effect.fail(new KvConflictError({ bucket: name, key, expectedRevision }))
      ),
    delete: (key, expectedRevision) =>
      op("delete", key, (nowMs) => {
        const e = live(key, nowMs)
        if (expectedRevision !== undefined && e?.revision !== expectedRevision) {
          return Effect.fail(new KvConflictError({ bucket: name, key, expectedRevision }))
        }
        entries.delete(key)
        writes.push({ op: "delete", key, revision: ++revision })
        return Effect.void
      }),
    keys: (prefix = "") =>
      op("keys", undefined, (nowMs) =>
        Effect.succeed([...entries.keys()].filter((k) => k.startsWith(prefix) && live(k, nowMs)).sort())
      )
  }
}
