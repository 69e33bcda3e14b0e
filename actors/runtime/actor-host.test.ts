import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Exit, Layer, Scope } from "effect"
import { TestClock } from "effect/testing"
import { KvStore } from "../../storage/kv/key-value.ts"
import type { ActorDefinition } from "./actor.ts"
import { ActorHost, makeActorHost } from "./actor-host.ts"
import { leaseConfig } from "./lease.ts"
import { makeTestKvBucket, type TestKvBucket } from "./test-kv-bucket.ts"

const lease = leaseConfig(3_000) // renew every 1000, retry every 300, margin 600
const supervisor = { backoffBaseMs: 100, backoffMaxMs: 1_000 }

/** Records "<owner> started|stopped <ms>" for every incarnation, from its Scope. */
const witness = (log: string[], owner: string): ActorDefinition<number, number, number> => ({
  kind: "witness",
  initial: 0,
  decide: (_s, n) => {
    if (n < 0) throw new Error(`BUG: ${n}`)
    return [n]
  },
  evolve: (s, n) => s + n,
  recover: (initial) =>
    Effect.gen(function* () {
      log.push(`${owner} started ${yield* Clock.currentTimeMillis}`)
      yield* Effect.addFinalizer(() =>
        Effect.flatMap(Clock.currentTimeMillis, (t) => Effect.sync(() => log.push(`${owner} stopped ${t}`)))
      )
      return initial
    })
})

const hostIn = (scope: Scope.Scope, bucket: TestKvBucket, owner: string) =>
  makeActorHost(bucket, { owner, lease, supervisor }).pipe(Scope.provide(scope))

describe("ActorHost", () => {
  it.effect("runs a key on one host at a time; the other takes over when the first stops", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", lease.ttlMs)
      const log: string[] = []
      const scopeA = yield* Scope.make()
      const a = yield* hostIn(scopeA, bucket, "a")
      const b = yield* hostIn(yield* Scope.make(), bucket, "b")
      yield* a.start("shard.1", witness(log, "a"))
      yield* TestClock.adjust(10)
      yield* b.start("shard.1", witness(log, "b"))
      yield* TestClock.adjust(5_000) // b keeps polling; a keeps renewing
      assert.deepStrictEqual(log, ["a started 0"])
      assert.deepStrictEqual(
        (yield* b.list).map((s) => [s.key, s.phase, s.acquisitions]),
        [["shard.1", "waiting", 0]]
      )
      assert.deepStrictEqual(
        (yield* a.list).map((s) => [s.key, s.phase, s.acquisitions]),
        [["shard.1", "running", 1]]
      )
      yield* Scope.close(scopeA, Exit.void) // a shuts down: actor stops, lease deleted
      yield* TestClock.adjust(lease.acquireRetryMs)
      assert.deepStrictEqual(log.slice(1, 2), ["a stopped 5010"])
      assert.match(log[2] ?? "", /^b started 5(0|1|2|3)\d\d$/, "b within one retry interval")
      assert.deepStrictEqual(
        (yield* b.list).map((s) => s.phase),
        ["running"]
      )
    })
  )

  it.effect("on lease loss the actor is interrupted at once; the host waits and owns it again later", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", lease.ttlMs)
      const log: string[] = []
      const a = yield* hostIn(yield* Scope.make(), bucket, "a")
      yield* a.start("rules.g1", witness(log, "a"))
      yield* TestClock.adjust(500)
      yield* bucket.put("rules.g1", new TextEncoder().encode("intruder")) // at 500 ms, expires at 3500
      yield* TestClock.adjust(500) // the renewal at 1000 conflicts
      assert.deepStrictEqual(log, ["a started 0", "a stopped 1000"])
      assert.deepStrictEqual(
        (yield* a.list).map((s) => s.phase),
        ["waiting"]
      )
      yield* TestClock.adjust(3_000)
      assert.strictEqual(log.length, 3)
      assert.match(log[2], /^a started 3(5|6|7|8)\d\d$/, "after the intruder's entry expired")
      assert.deepStrictEqual(
        (yield* a.list).map((s) => [s.phase, s.acquisitions]),
        [["running", 2]]
      )
    })
  )

  it.effect("a store outage longer than the TTL allows stops the actor before the entry could expire", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", lease.ttlMs)
      const log: string[] = []
      const a = yield* hostIn(yield* Scope.make(), bucket, "a")
      yield* a.start("shard.2", witness(log, "a"))
      yield* TestClock.adjust(1_000) // renewed at 1000: valid until 4000 on the server
      bucket.setUnavailable(true)
      yield* TestClock.adjust(3_000)
      assert.deepStrictEqual(log, ["a started 0", "a stopped 3400"])
    })
  )

  it.effect("restarts a crashing actor under its lease and counts the restarts", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", lease.ttlMs)
      const log: string[] = []
      const a = yield* hostIn(yield* Scope.make(), bucket, "a")
      const ref = yield* a.start("shard.3", witness(log, "a"))
      yield* TestClock.adjust(10)
      yield* ref.send(-1)
      yield* TestClock.adjust(200)
      yield* ref.send(-2)
      yield* TestClock.adjust(500)
      const [status] = yield* a.list
      assert.strictEqual(status.restarts, 2)
      assert.strictEqual(status.acquisitions, 1, "restarts keep the lease")
      assert.strictEqual(log.filter((l) => l.startsWith("a started")).length, 3)
    })
  )

  it.effect("stop ends one key and frees its lease; start on a bad key names it", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", lease.ttlMs)
      const log: string[] = []
      const a = yield* hostIn(yield* Scope.make(), bucket, "a")
      yield* a.start("k.1", witness(log, "a"))
      yield* a.start("k.2", witness(log, "a"))
      yield* TestClock.adjust(10)
      yield* a.stop("k.1")
      assert.deepStrictEqual(
        (yield* a.list).map((s) => s.key),
        ["k.2"]
      )
      assert.deepStrictEqual(yield* bucket.keys(), ["k.2"])
      const exit = yield* Effect.exit(a.start("k 3", witness(log, "a")))
      assert.include(String(Exit.isFailure(exit) && exit.cause), 'invalid actor key "k 3"')
    })
  )

  it.effect("the layer opens the lease bucket with the lease TTL from KvStore", () =>
    Effect.gen(function* () {
      const opened: Array<[string, number | undefined]> = []
      const kv = Layer.succeed(KvStore, {
        bucket: (name, options) =>
          Effect.sync(() => {
            opened.push([name, options?.ttlMs])
            return makeTestKvBucket(name, options?.ttlMs ?? 0)
          })
      })
      const host = yield* ActorHost.pipe(
        Effect.provide(
          ActorHost.layer({ bucket: "vesta_leases_3s", owner: "a", lease }).pipe(Layer.provide(kv))
        )
      )
      assert.strictEqual(host.owner, "a")
      assert.deepStrictEqual(opened, [["vesta_leases_3s", 3_000]])
    })
  )
})
