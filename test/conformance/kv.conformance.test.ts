/**
 * The KV contract (storage/kv/key-value.ts), one suite run against the file store and JetStream KV
 * (the real nats-server of the global setup, a fresh bucket per test): absent keys, CAS, deletes,
 * prefixes, bucket-wide revisions, concurrent creates, TTL (real time, 1 s), reopen, bad names.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Kvm } from "@nats-io/kv"
import { connect, type NatsConnection as NatsClient } from "@nats-io/transport-node"
import { Cause, Effect, Exit, Layer } from "effect"
import { afterAll, beforeAll, inject } from "vitest"
import { FileKvStore } from "../../storage/kv/file-kv.ts"
import { JetStreamKvStore } from "../../storage/kv/jetstream-kv.ts"
import { KvStore } from "../../storage/kv/key-value.ts"
import { NatsConnection } from "../../storage/nats/nats-connection.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-kv-conf-"))
let nc: NatsClient
const created: Array<string> = []
beforeAll(async () => {
  nc = await connect({ servers: inject("natsUrl") })
})
afterAll(async () => {
  const kvm = new Kvm(nc)
  for (const name of created) await (await kvm.open(name)).destroy().catch(() => false)
  await nc?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** `reopen` builds a second store on the same data, as a restarted process would. */
interface Target {
  readonly store: () => KvStore["Service"]
  readonly reopen: () => Promise<{ store: KvStore["Service"]; close: () => Promise<void> }>
}
const factories: Record<string, Target> = {
  "file KV": {
    store: () => FileKvStore.make(join(dir, "kv")),
    reopen: async () => ({ store: FileKvStore.make(join(dir, "kv")), close: async () => {} })
  },
  "JetStream KV": {
    store: () => JetStreamKvStore.make(nc),
    reopen: async () => {
      const other = await connect({ servers: inject("natsUrl") })
      return { store: JetStreamKvStore.make(other), close: () => other.close() }
    }
  }
}

let n = 0
const fresh = () => {
  const name = `conf_${process.pid}_${++n}_${Date.now() % 1_000_000}`
  created.push(name)
  return name
}
const b = (s: string) => new TextEncoder().encode(s)
const t = (u: Uint8Array | undefined) => (u ? new TextDecoder().decode(u) : undefined)
const failure = <A, E>(exit: Exit.Exit<A, E>) => (Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined)
const tagOf = <A, E>(exit: Exit.Exit<A, E>) => (failure(exit) as { _tag?: string } | undefined)?._tag

for (const [kind, target] of Object.entries(factories)) {
  describe(`KV contract: ${kind}`, () => {
    it.live("reads absent keys as undefined, then puts and gets bytes with their revision", () =>
      Effect.gen(function* () {
        const k = yield* target.store().bucket(fresh())
        assert.isUndefined(yield* k.get("a"))
        const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
        const r = yield* k.put("a", bytes)
        const e = yield* k.get("a")
        assert.deepStrictEqual(
          [e?.key, e?.revision, Buffer.from(e?.value ?? []).equals(Buffer.from(bytes))],
          ["a", r, true]
        )
      })
    )

    it.live("compare-and-set: create conflicts on an existing key, update on a stale revision", () =>
      Effect.gen(function* () {
        const k = yield* target.store().bucket(fresh())
        const r1 = yield* k.create("lease.a", b("owner-1"))
        const again = yield* Effect.exit(k.create("lease.a", b("owner-2")))
        assert.strictEqual(tagOf(again), "KvConflictError")
        assert.include(String(failure(again)), 'kv create "lease.a" in')
        assert.include(String(failure(again)), "key already exists")
        const r2 = yield* k.update("lease.a", b("owner-1 renewed"), r1)
        assert.isAbove(r2, r1)
        const stale = yield* Effect.exit(k.update("lease.a", b("owner-2"), r1))
        assert.strictEqual(tagOf(stale), "KvConflictError")
        assert.include(String(failure(stale)), `revision is no longer ${r1}`)
        assert.strictEqual(t((yield* k.get("lease.a"))?.value), "owner-1 renewed")
        const absent = yield* Effect.exit(k.update("never", b("x"), 1))
        assert.strictEqual(tagOf(absent), "KvConflictError")
      })
    )

    it.live("deletes with and without a revision check, and creates again after a delete", () =>
      Effect.gen(function* () {
        const k = yield* target.store().bucket(fresh())
        const r = yield* k.create("lease.x", b("owner-a"))
        assert.strictEqual(tagOf(yield* Effect.exit(k.delete("lease.x", r + 100))), "KvConflictError")
        assert.strictEqual(t((yield* k.get("lease.x"))?.value), "owner-a")
        yield* k.delete("lease.x", r)
        assert.isUndefined(yield* k.get("lease.x"))
        assert.isAbove(yield* k.create("lease.x", b("owner-b")), r)
        yield* k.delete("lease.x")
        yield* k.delete("never-written")
        assert.deepStrictEqual(yield* k.keys(), [])
      })
    )

    it.live("lists live keys by prefix, sorted", () =>
      Effect.gen(function* () {
        const k = yield* target.store().bucket(fresh())
        for (const key of ["t.b", "t.a", "u.c", "t.z", "t"]) yield* k.put(key, b(key))
        yield* k.delete("t.z")
        assert.deepStrictEqual(yield* k.keys("t."), ["t.a", "t.b"])
        assert.deepStrictEqual(yield* k.keys(), ["t", "t.a", "t.b", "u.c"])
        assert.deepStrictEqual(yield* k.keys("nope"), [])
      })
    )

    it.live("numbers every write bucket-wide, deletes included, from 1", () =>
      Effect.gen(function* () {
        const k = yield* target.store().bucket(fresh())
        const revisions = [
          yield* k.put("a", b("1")),
          yield* k.put("b", b("2")),
          yield* k.create("c", b("3")).pipe(Effect.tap(() => k.delete("a")))
        ]
        revisions.push(yield* k.put("a", b("4")))
        assert.deepStrictEqual(revisions, [1, 2, 3, 5])
      })
    )

    it.live("lets exactly one of ten concurrent creates win", () =>
      Effect.gen(function* () {
        const k = yield* target.store().bucket(fresh())
        const exits = yield* Effect.all(
          Array.from({ length: 10 }, (_, i) => Effect.exit(k.create("leader", b(`owner-${i}`)))),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(exits.filter(Exit.isSuccess).length, 1)
        assert.deepStrictEqual(new Set(exits.filter(Exit.isFailure).map(tagOf)), new Set(["KvConflictError"]))
      })
    )

    it.live(
      "expires entries after the bucket TTL (set when reopened with one): get, keys, update, create",
      () =>
        Effect.gen(function* () {
          const name = fresh()
          const store = target.store()
          const plain = yield* store.bucket(name)
          yield* plain.put("before", b("x"))
          const k = yield* store.bucket(name, { ttlMs: 1000 })
          const r = yield* k.create("lease", b("a"))
          yield* Effect.sleep("800 millis")
          yield* k.put("fresh", b("y")) // 500 ms old at the checks, "lease" 1300 ms
          yield* Effect.sleep("500 millis")
          assert.isUndefined(yield* k.get("lease"))
          assert.isUndefined(yield* k.get("before"))
          assert.deepStrictEqual(yield* k.keys(), ["fresh"])
          assert.strictEqual(tagOf(yield* Effect.exit(k.update("lease", b("late"), r))), "KvConflictError")
          assert.isAbove(yield* k.create("lease", b("b")), r)
        })
    )

    it.live("keeps data and revisions when the store is opened again", () =>
      Effect.gen(function* () {
        const name = fresh()
        const first = yield* target.store().bucket(name)
        yield* first.put("k", b("v"))
        const r = yield* first.put("k2", b("v2"))
        const again = yield* Effect.acquireRelease(
          Effect.promise(() => target.reopen()),
          (o) => Effect.promise(() => o.close())
        )
        const second = yield* again.store.bucket(name)
        assert.deepStrictEqual(
          [t((yield* second.get("k"))?.value), (yield* second.get("k2"))?.revision],
          ["v", r]
        )
        assert.strictEqual(yield* second.put("k3", b("v3")), r + 1)
      })
    )

    it.live("dies on an invalid key or bucket name, naming it and why", () =>
      Effect.gen(function* () {
        const name = fresh()
        const k = yield* target.store().bucket(name)
        const badKey = yield* Effect.exit(k.put("a b", b("x")))
        assert.isTrue(Exit.isFailure(badKey) && Cause.hasDies(badKey.cause))
        assert.include(
          String(failure(badKey)),
          `invalid kv key "a b" in bucket "${name}": character " " at position 2 is not one of`
        )
        assert.include(String(failure(yield* Effect.exit(k.get("a..b")))), "empty '.'-separated token")
        const badBucket = yield* Effect.exit(target.store().bucket("../etc"))
        assert.include(
          String(failure(badBucket)),
          'invalid kv bucket name "../etc": character "." at position 1'
        )
      })
    )
  })
}

describe("KvStore layers", () => {
  it.live("FileKvStore.layer and JetStreamKvStore.layer (on NatsConnection.layer) give working stores", () =>
    Effect.gen(function* () {
      const name = fresh()
      const roundTrip = Effect.gen(function* () {
        const k = yield* (yield* KvStore).bucket(name, { ttlMs: 60_000 })
        const r = yield* k.put("k", b("v"))
        return [t((yield* k.get("k"))?.value), r]
      })
      const file = yield* roundTrip.pipe(Effect.provide(FileKvStore.layer(join(dir, "layer"))))
      const js = yield* roundTrip.pipe(
        Effect.provide(JetStreamKvStore.layer.pipe(Layer.provide(NatsConnection.layer(inject("natsUrl")))))
      )
      assert.deepStrictEqual(
        [file, js],
        [
          ["v", 1],
          ["v", 1]
        ]
      )
    })
  )
})
