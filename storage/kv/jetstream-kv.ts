/**
 * The KvStore over JetStream KV (@nats-io/kv): buckets with a bucket-wide TTL (nats-server 2.9
 * ignores per-key TTLs), CAS via create/update mapped to KvConflictError, deleted keys read as
 * absent. It does not own the NATS connection and adds no retries or timeouts of its own.
 */
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream"
import { type KV, Kvm } from "@nats-io/kv"
import type { NatsConnection } from "@nats-io/transport-node"
import { Effect } from "effect"
import { type KvBucket, KvConflictError, KvStore, KvUnavailableError } from "./key-value.ts"

const isWrongLastSequence = (e: unknown) =>
  e instanceof JetStreamApiError &&
  (e.code === JetStreamApiCodes.StreamWrongLastSequence ||
    e.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)

const natsKvBucket = (name: string, kv: KV): KvBucket => {
  const call = <A>(op: string, key: string | undefined, f: () => Promise<A>) =>
    Effect.tryPromise({ try: f, catch: (cause) => new KvUnavailableError({ op, bucket: name, key, cause }) })
  const cas = <A>(op: string, key: string, expectedRevision: number, f: () => Promise<A>) =>
    Effect.tryPromise({
      try: f,
      catch: (cause) =>
        isWrongLastSequence(cause)
          ? new KvConflictError({ bucket: name, key, expectedRevision })
          : new KvUnavailableError({ op, bucket: name, key, cause })
    })
  return {
    name,
    get: (key) =>
      call("get", key, async () => {
        const e = await kv.get(key)
        return e && e.operation === "PUT" ? { key, value: e.value, revision: e.revision } : undefined
      }),
    put: (key, value) => call("put", key, () => kv.put(key, value)),
    create: (key, value) => cas("create", key, 0, () => kv.create(key, value)),
    update: (key, value, expectedRevision) =>
      cas("update", key, expectedRevision, () => kv.update(key, value, expectedRevision)),
    delete: (key, expectedRevision) =>
      expectedRevision === undefined
        ? call("delete", key, () => kv.delete(key))
        : cas("delete", key, expectedRevision, () => kv.delete(key, { previousSeq: expectedRevision })),
    keys: (prefix = "") =>
      call("keys", undefined, async () => {
        const out: string[] = []
        for await (const k of await kv.keys()) if (k.startsWith(prefix)) out.push(k)
        return out.sort()
      })
  }
}

/** Buckets are JetStream KV streams (history 1, bucket-wide TTL); they stay when the Scope closes. */
export const natsKvStore = (nc: NatsConnection) => {
  const kvm = new Kvm(nc)
  return KvStore.of({
    bucket: (name, options) =>
      Effect.tryPromise({
        try: () => kvm.create(name, { history: 1, ...(options?.ttlMs ? { ttl: options.ttlMs } : {}) }),
        catch: (cause) => new KvUnavailableError({ op: "open", bucket: name, cause })
      }).pipe(Effect.map((kv) => natsKvBucket(name, kv)))
  })
}
