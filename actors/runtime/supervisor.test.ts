import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Ref } from "effect"
import { TestClock } from "effect/testing"
import { type ActorDefinition, makeMailbox, runActor, send } from "./actor.ts"
import { supervise } from "./supervisor.ts"

const config = { backoffBaseMs: 100, backoffFactor: 2, backoffMaxMs: 1_000, backoffResetAfterMs: 10_000 }

/** A body that fails its first `failures` runs (alternating typed failures and defects). */
const flaky = (failures: number) => {
  let runs = 0
  const body = Effect.suspend(() => {
    runs++
    if (runs > failures) return Effect.succeed(`ok after ${runs} runs`)
    return runs % 2 === 1 ? Effect.fail("refused") : Effect.die(new Error("bug"))
  })
  return { body, runs: () => runs }
}

describe("supervise", () => {
  it.effect("restarts after failures and defects with jittered exponential backoff, then recovers", () =>
    Effect.gen(function* () {
      const restarts = yield* Ref.make(0)
      const startsMs: number[] = []
      const { body, runs } = flaky(3)
      const timed = Effect.andThen(
        Effect.flatMap(Clock.currentTimeMillis, (t) => Effect.sync(() => startsMs.push(t))),
        body
      )
      const fiber = yield* Effect.forkChild(supervise(timed, { name: "t/flaky", config, restarts }))
      yield* Effect.yieldNow
      assert.strictEqual(runs(), 1)
      yield* TestClock.adjust(79) // the first delay is at least 100 x 0.8
      assert.strictEqual(runs(), 1)
      yield* TestClock.adjust(2_000)
      assert.strictEqual(yield* Fiber.join(fiber), "ok after 4 runs")
      assert.strictEqual(yield* Ref.get(restarts), 3)
      const gaps = startsMs.slice(1).map((t, i) => t - startsMs[i])
      for (const [i, delayMs] of [100, 200, 400].entries()) {
        assert.isAtLeast(gaps[i], delayMs * 0.8, `restart ${i + 1}`)
        assert.isAtMost(gaps[i], delayMs * 1.2, `restart ${i + 1}`)
      }
    })
  )

  it.effect("caps the delay at backoffMaxMs", () =>
    Effect.gen(function* () {
      const { body, runs } = flaky(1_000)
      yield* Effect.forkChild(supervise(body, { name: "t/down", config }))
      yield* TestClock.adjust(100_000)
      const before = runs()
      yield* TestClock.adjust(12_000) // 10 more restarts at 1 s x 0.8..1.2 each
      assert.isAtLeast(runs() - before, 10)
      assert.isAtMost(runs() - before, 15)
    })
  )

  it.effect("starts the backoff over after an incarnation lived backoffResetAfterMs", () =>
    Effect.gen(function* () {
      const startsMs: number[] = []
      // Fails fast 5 times (the delay grows to the 1 s cap), then lives 20 s, then fails fast again.
      const body = Effect.flatMap(Clock.currentTimeMillis, (nowMs) => {
        startsMs.push(nowMs)
        return startsMs.length === 6
          ? Effect.andThen(Effect.sleep("20 seconds"), Effect.fail("late"))
          : Effect.fail("early")
      })
      yield* Effect.forkChild(supervise(body, { name: "t/reset", config }))
      yield* TestClock.adjust(30_000)
      const gaps = startsMs.slice(1).map((t, i) => t - startsMs[i])
      assert.isAtLeast(gaps[4], 800, "the fifth delay is capped at 1 s")
      assert.isAtLeast(gaps[5], 20_080, "after the long run: base delay again, not the cap")
      assert.isAtMost(gaps[5], 20_120)
      assert.isAtMost(gaps[6], 240, "then it doubles from the base")
    })
  )

  it.effect("interruption ends it: finalizers run, no restart", () =>
    Effect.gen(function* () {
      const restarts = yield* Ref.make(0)
      const log: string[] = []
      const body = Effect.acquireRelease(
        Effect.sync(() => log.push("acquired")),
        () => Effect.sync(() => log.push("released"))
      ).pipe(Effect.andThen(Effect.never), Effect.scoped)
      const fiber = yield* Effect.forkChild(supervise(body, { name: "t/stop", config, restarts }))
      yield* Effect.yieldNow
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust(10_000)
      assert.deepStrictEqual(log, ["acquired", "released"])
      assert.strictEqual(yield* Ref.get(restarts), 0)
    })
  )

  it.effect("a crashing actor is rebuilt by recover and keeps its mailbox", () =>
    Effect.gen(function* () {
      let recovers = 0
      const persisted: number[] = []
      type Msg = { readonly n: number }
      const def: ActorDefinition<Msg, number, number> = {
        kind: "t-sum",
        initial: 0,
        decide: (_total, msg) => {
          if (msg.n < 0) throw new Error(`BUG: negative ${msg.n}`) // a broken invariant: a defect
          return [msg.n]
        },
        evolve: (total, n) => total + n,
        recover: (initial) =>
          Effect.sync(() => {
            recovers++
            return initial + persisted.reduce((a, b) => a + b, 0) // replay the "journal"
          }),
        handle: (events, total) => Effect.sync(() => persisted.push(...events, total * 0)),
        limits: { batchMax: 1 }
      }
      const mailbox = yield* makeMailbox<Msg>({ mailboxCapacity: 8, batchMax: 1 })
      for (const n of [1, 2, -1, 4]) yield* send(mailbox, { n })
      const restarts = yield* Ref.make(0)
      const fiber = yield* Effect.forkChild(
        supervise(runActor(def, mailbox), { name: "t-sum/a", config, restarts })
      )
      yield* TestClock.adjust(200)
      assert.strictEqual(recovers, 2)
      assert.strictEqual(yield* Ref.get(restarts), 1)
      assert.deepStrictEqual(
        persisted.filter((x) => x !== 0),
        [1, 2, 4]
      )
      yield* Fiber.interrupt(fiber)
    })
  )
})
