import { assert, describe, it } from "@effect/vitest"
import { Kvm } from "@nats-io/kv"
import { connect } from "@nats-io/transport-node"
import { Effect } from "effect"
import { inject } from "vitest"
import { natsKvStore } from "./jetstream-kv.ts"

const bytes = (s: string) => new TextEncoder().encode(s)

/** A connection and a fresh bucket name on the shared nats-server; the bucket goes at the end. */
const withBucket = (ttlMs: number) =>
  Effect.acquireRelease(
    Effect.promise(async () => ({
      nc: await connect({ servers: inject("natsUrl") }),
      name: `rt_kv_${process.pid}_${Math.floor(Math.random() * 1e9)}`
    })),
    ({ nc, name }) =>
      Effect.promise(async () => {
        await (await new Kvm(nc).open(name)).destroy().catch(() => false)
        await nc.close()
      })
  ).pipe(Effect.flatMap(({ nc, name }) => natsKvStore(nc).bucket(name, { ttlMs })))

describe("natsKvStore (JetStream KV, real nats-server)", () => {
  it.live("maps compare-and-set losses to KvConflictError and deleted keys to absent", () =>
    Effect.gen(function* () {
      const b = yield* withBucket(0)
      const r1 = yield* b.create("lease.a", bytes("one"))
      assert.strictEqual((yield* Effect.flip(b.create("lease.a", bytes("two"))))._tag, "KvConflictError")
      const r2 = yield* b.update("lease.a", bytes("two"), r1)
      assert.isAbove(r2, r1)
      assert.strictEqual((yield* Effect.flip(b.update("lease.a", bytes("x"), r1)))._tag, "KvConflictError")
      assert.strictEqual((yield* Effect.flip(b.delete("lease.a", r1)))._tag, "KvConflictError")
      assert.strictEqual(new TextDecoder().decode((yield* b.get("lease.a"))?.value), "two")
      yield* b.put("lease.b", bytes("b"))
      assert.deepStrictEqual(yield* b.keys("lease."), ["lease.a", "lease.b"])
      yield* b.delete("lease.a", r2)
      assert.isUndefined(yield* b.get("lease.a"))
      assert.deepStrictEqual(yield* b.keys(), ["lease.b"])
      assert.isAbove(yield* b.create("lease.a", bytes("again")), r2, "create after delete")
    }).pipe(Effect.scoped)
  )

  it.live("the bucket TTL expires entries, after which create succeeds and update conflicts", () =>
    Effect.gen(function* () {
      const b = yield* withBucket(1_000)
      const r1 = yield* b.create("lease.t", bytes("held"))
      yield* Effect.sleep("1600 millis")
      assert.isUndefined(yield* b.get("lease.t"))
      assert.strictEqual((yield* Effect.flip(b.update("lease.t", bytes("late"), r1)))._tag, "KvConflictError")
      assert.isAbove(yield* b.create("lease.t", bytes("new owner")), r1)
    }).pipe(Effect.scoped)
  )
})
