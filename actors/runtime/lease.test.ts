import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Exit, Fiber, Scope } from "effect"
import { TestClock } from "effect/testing"
import { acquireLease, decodeLeaseRecord, leaseConfig, tryAcquireLease } from "./lease.ts"
import { makeTestKvBucket } from "./test-kv-bucket.ts"

const ttlMs = 3_000
const config = leaseConfig(ttlMs) // renew every 1000, retry every 300, margin 600
const key = "scrape.job-a"

describe("leaseConfig", () => {
  const bad = (overrides: Parameters<typeof leaseConfig>[1], ttl: number, message: string) => {
    assert.throws(() => leaseConfig(ttl, overrides), message)
  }
  it("derives defaults from the TTL and names the bad field", () => {
    assert.deepStrictEqual(leaseConfig(3_000), {
      ttlMs: 3_000,
      renewEveryMs: 1_000,
      acquireRetryMs: 300,
      safetyMarginMs: 600
    })
    bad({}, 0, 'invalid lease config "ttlMs": 0; it must be > 0')
    bad(
      { renewEveryMs: 2_500 },
      3_000,
      'invalid lease config "renewEveryMs": 2500; renewEveryMs + safetyMarginMs must be < ttlMs (3000)'
    )
    bad({ acquireRetryMs: -1 }, 3_000, 'invalid lease config "acquireRetryMs": -1; it must be > 0')
    bad({ safetyMarginMs: Number.NaN }, 3_000, 'invalid lease config "safetyMarginMs": NaN; it must be >= 0')
  })
})

describe("lease", () => {
  it.effect("create takes a free key; a second owner is refused while it is held", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", ttlMs)
      const lease = yield* tryAcquireLease(bucket, key, "owner-a", config)
      assert.isDefined(lease)
      const entry = yield* bucket.get(key)
      assert.strictEqual(entry && decodeLeaseRecord(entry)?.owner, "owner-a")
      assert.strictEqual(entry && decodeLeaseRecord(entry)?.expiresAtMs, ttlMs)
      assert.isUndefined(yield* tryAcquireLease(bucket, key, "owner-b", config))
    }).pipe(Effect.scoped)
  )

  it.effect("renews with update at the held revision every ttl/3, so it outlives the TTL", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", ttlMs)
      const lease = yield* acquireLease(bucket, key, "owner-a", config)
      const first = yield* lease.revision
      yield* TestClock.adjust(999)
      assert.strictEqual(yield* lease.revision, first)
      yield* TestClock.adjust(1)
      assert.isAbove(yield* lease.revision, first)
      yield* TestClock.adjust(10_000)
      assert.deepStrictEqual(
        bucket.writes.map((w) => w.op),
        ["create", ...Array(11).fill("update")]
      )
      assert.isUndefined(yield* tryAcquireLease(bucket, key, "owner-b", config))
      const lost = yield* Effect.forkChild(lease.lost)
      yield* Effect.yieldNow
      assert.isUndefined(lost.pollUnsafe())
    }).pipe(Effect.scoped)
  )

  it.effect("closing the scope deletes at the held revision, so the next owner gets it at once", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", ttlMs)
      const scope = yield* Scope.make()
      yield* acquireLease(bucket, key, "owner-a", config).pipe(Scope.provide(scope))
      yield* TestClock.adjust(1_500)
      yield* Scope.close(scope, Exit.void)
      assert.strictEqual(bucket.writes.at(-1)?.op, "delete")
      assert.isDefined(yield* tryAcquireLease(bucket, key, "owner-b", config))
    }).pipe(Effect.scoped)
  )

  it.effect("someone else writing the key is a loss at the next renewal", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", ttlMs)
      const lease = yield* acquireLease(bucket, key, "owner-a", config)
      const lost = yield* Effect.forkChild(Effect.flip(lease.lost))
      yield* bucket.put(key, new TextEncoder().encode("operator"))
      yield* TestClock.adjust(1_000)
      const error = yield* Fiber.join(lost)
      assert.strictEqual(error._tag, "LeaseLostError")
      assert.include(error.message, 'lease "scrape.job-a" in bucket "leases" lost by "owner-a": revision')
      assert.include(error.message, "was replaced: another owner holds the key")
    }).pipe(Effect.scoped)
  )

  it.effect("a short store outage is survived; one longer than TTL minus margin is a loss", () =>
    Effect.gen(function* () {
      const bucket = makeTestKvBucket("leases", ttlMs)
      const lease = yield* acquireLease(bucket, key, "owner-a", config)
      const lost = yield* Effect.forkChild(Effect.flip(lease.lost))
      bucket.setUnavailable(true)
      yield* TestClock.adjust(1_500) // the renewal at 1000 failed, so did its retry at 1300
      bucket.setUnavailable(false)
      yield* TestClock.adjust(500) // the retry at 1600 succeeds: the lease is good until 1600 + 3000
      assert.isUndefined(lost.pollUnsafe(), "renewed within the TTL")
      bucket.setUnavailable(true)
      // The holder gives up at 1600 + ttl - margin = 4000, before the server could expire it.
      yield* TestClock.adjust(3_999 - 2_000)
      assert.isUndefined(lost.pollUnsafe(), "still held at 3999")
      yield* TestClock.adjust(1)
      const error = yield* Fiber.join(lost)
      assert.include(error.message, "no successful renewal for")
      assert.include(error.message, "the lease TTL is 3000 ms")
    }).pipe(Effect.scoped)
  )

  it.effect(
    "ensureHeld: fine while renewed; a process paused past TTL - margin declares the loss and does no work",
    () =>
      Effect.gen(function* () {
        const bucket = makeTestKvBucket("leases", ttlMs)
        const lease = yield* acquireLease(bucket, key, "owner-a", config)
        yield* TestClock.adjust(2_399)
        yield* lease.ensureHeld // renewed at 1000 and 2000
        // What the process sees on waking from a pause: the clock jumped, the renewal loop has not run.
        const wokeAtMs = 2_000 + ttlMs - config.safetyMarginMs
        const nanos = BigInt(wokeAtMs) * 1_000_000n
        const paused: Clock.Clock = {
          currentTimeMillisUnsafe: () => wokeAtMs,
          currentTimeMillis: Effect.sync(() => wokeAtMs),
          currentTimeNanosUnsafe: () => nanos,
          currentTimeNanos: Effect.sync(() => nanos),
          monotonicTimeNanosUnsafe: () => nanos,
          monotonicTimeNanos: Effect.sync(() => nanos),
          sleep: () => Effect.never
        }
        const check = yield* Effect.forkChild(
          lease.ensureHeld.pipe(Effect.provideService(Clock.Clock, paused))
        )
        const error = yield* Effect.flip(lease.lost)
        assert.include(error.message, "no successful renewal for 2400 ms; the lease TTL is 3000 ms")
        assert.isUndefined(check.pollUnsafe(), "ensureHeld never returns once the lease is lost")
        yield* Fiber.interrupt(check)
      }).pipe(Effect.scoped)
  )

  it.effect(
    "a contender waits while the key is held and takes over when a crashed holder's entry expires",
    () =>
      Effect.gen(function* () {
        const bucket = makeTestKvBucket("leases", ttlMs)
        // A holder that crashed: its record is there, nobody renews it.
        yield* bucket.create(key, new TextEncoder().encode(JSON.stringify({ owner: "dead", leaseId: "x" })))
        const contender = yield* Effect.forkChild(acquireLease(bucket, key, "owner-b", config))
        yield* TestClock.adjust(ttlMs - 1)
        assert.isUndefined(contender.pollUnsafe(), "no takeover before the TTL")
        yield* TestClock.adjust(config.acquireRetryMs)
        const lease = yield* Fiber.join(contender)
        assert.strictEqual(lease.owner, "owner-b")
        const entry = yield* bucket.get(key)
        assert.strictEqual(entry && decodeLeaseRecord(entry)?.owner, "owner-b")
      }).pipe(Effect.scoped)
  )
})
