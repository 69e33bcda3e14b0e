/**
 * The KvStore over JetStream KV (@nats-io/kv): one KV bucket (stream `KV_<name>`, history 1) per
 * bucket, with a bucket-wide TTL (nats-server 2.9 ignores per-key TTLs), CAS via create/update
 * mapped to KvConflictError, deleted and purged keys read as absent. It borrows the connection
 * and adds no retries or timeouts of its own (the JetStream client's request timeout applies).
 */
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from "@nats-io/jetstream"
import { type KV, Kvm } from "@nats-io/kv"
import { type NatsConnection as NatsClient, nanos } from "@nats-io/transport-node"
import { Effect, Layer } from "effect"
import { NatsConnection } from "../nats/nats-connection.ts"
import { type KvBucket, KvConflictError, KvStore, KvUnavailableError } from "./key-value.ts"
import { assertBucket, assertKey } from "./kv-names.ts"

const isWrongLastSequence = (e: unknown) =>
  e instanceof JetStreamApiError &&
  (e.code === JetStreamApiCodes.StreamWrongLastSequence ||
    e.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)

const natsKvBucket = (name: string, kv: KV): KvBucket => {
  const call = <A>(op: string, key: string | undefined, f: () => Promise<A>) =>
    Effect.suspend(() => {
      if (key !== undefined) assertKey(name, key)
      return Effect.tryPromise({
        try: f,
        catch: (cause) => new KvUnavailableError({ op, bucket: name, key, cause })
      })
    })
  const cas = <A>(op: string, key: string, expectedRevision: number, f: () => Promise<A>) =>
    Effect.suspend(() => {
      assertKey(name, key)
      return Effect.tryPromise({
        try: f,
        catch: (cause) =>
          isWrongLastSequence(cause)
            ? new KvConflictError({ bucket: name, key, expectedRevision })
            : new KvUnavailableError({ op, bucket: name, key, cause })
      })
    })
  return {
    name,
    get: (key) =>
      call("get", key, async () => {
        const e = await kv.get(key)
        // DEL and PURGE markers are how JetStream KV records deletes: absent to us.
        return e && e.operation === "PUT" ? { key, value: e.value, revision: e.revision } : undefined
      }),
    put: (key, value) => call("put", key, () => kv.put(key, value)),
    // The client's create also succeeds over a DEL/PURGE marker (create after delete).
    create: (key, value) => cas("create", key, 0, () => kv.create(key, value)),
    update: (key, value, expectedRevision) =>
      cas("update", key, expectedRevision, () => kv.update(key, value, expectedRevision)),
    delete: (key, expectedRevision) =>
      expectedRevision === undefined
        ? call("delete", key, () => kv.delete(key))
        : cas("delete", key, expectedRevision, () => kv.delete(key, { previousSeq: expectedRevision })),
    keys: (prefix = "") =>
      call("keys", undefined, async () => {
        const out: Array<string> = []
        for await (const k of await kv.keys()) if (k.startsWith(prefix)) out.push(k)
        return out.sort()
      })
  }
}

/** Creates the bucket, or opens it and sets its TTL to `ttlMs` if it differs. */
const openBucket = async (nc: NatsClient, kvm: Kvm, name: string, ttlMs: number): Promise<KV> => {
  const kv = await kvm.create(name, { history: 1, ...(ttlMs > 0 ? { ttl: ttlMs } : {}) })
  const status = await kv.status()
  if (status.ttl !== ttlMs) {
    const jsm = await jetstreamManager(nc)
    const config = status.streamInfo.config
    // JetStream refuses a duplicate window longer than max_age.
    const window = ttlMs > 0 ? Math.min(ttlMs, 120_000) : 120_000
    await jsm.streams.update(config.name, {
      ...config,
      max_age: nanos(ttlMs),
      duplicate_window: nanos(window)
    })
  }
  return kv
}

/** Buckets are JetStream KV streams (history 1, bucket-wide TTL); they stay when the Scope closes. */
export const natsKvStore = (nc: NatsClient): KvStore["Service"] => {
  const kvm = new Kvm(nc)
  return KvStore.of({
    bucket: (name, options) =>
      Effect.suspend(() => {
        const ttlMs = options?.ttlMs ?? 0
        assertBucket(name, ttlMs)
        return Effect.tryPromise({
          try: () => openBucket(nc, kvm, name, ttlMs),
          catch: (cause) => new KvUnavailableError({ op: "open", bucket: name, cause })
        })
      }).pipe(Effect.map((kv) => natsKvBucket(name, kv)))
  })
}

export const JetStreamKvStore = {
  make: natsKvStore,
  layer: Layer.effect(
    KvStore,
    Effect.gen(function* () {
      return natsKvStore((yield* NatsConnection).nc)
    })
  )
} as const
