import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Schedule } from "effect"
import { TestClock } from "effect/testing"
import { type ActorDefinition, applyBatch, makeMailbox, runActor, send } from "./actor.ts"

// A small core: a running total with a cap; "reset" empties it. Events say what happened.
type Msg =
  | { readonly _tag: "Add"; readonly n: number }
  | { readonly _tag: "Reset" }
  | { readonly _tag: "Tick" }
type Event =
  | { readonly _tag: "Added"; readonly n: number; readonly atMs: number }
  | { readonly _tag: "Capped" }
  | { readonly _tag: "Cleared" }
  | { readonly _tag: "Ticked"; readonly atMs: number }
interface State {
  readonly total: number
  readonly ticks: number
}
const cap = 10
const core = {
  initial: { total: 0, ticks: 0 } as State,
  decide: (s: State, m: Msg, nowMs: number): ReadonlyArray<Event> => {
    switch (m._tag) {
      case "Add":
        return s.total + m.n > cap ? [{ _tag: "Capped" }] : [{ _tag: "Added", n: m.n, atMs: nowMs }]
      case "Reset":
        return s.total === 0 ? [] : [{ _tag: "Cleared" }]
      case "Tick":
        return [{ _tag: "Ticked", atMs: nowMs }]
    }
  },
  evolve: (s: State, e: Event): State => {
    switch (e._tag) {
      case "Added":
        return { ...s, total: s.total + e.n }
      case "Cleared":
        return { ...s, total: 0 }
      case "Ticked":
        return { ...s, ticks: s.ticks + 1 }
      case "Capped":
        return s
    }
  }
}
const add = (n: number): Msg => ({ _tag: "Add", n })

describe("applyBatch", () => {
  const check = (messages: ReadonlyArray<Msg>, total: number, tags: string) => {
    const r = applyBatch(core, core.initial, messages, 7)
    assert.strictEqual(r.state.total, total)
    assert.strictEqual(r.events.map((e) => e._tag).join(","), tags)
  }
  it("decides each message against the state the earlier ones produced", () => {
    check([], 0, "")
    check([add(3), add(4)], 7, "Added,Added")
    check([add(6), add(6)], 6, "Added,Capped") // the second sees total 6, not 0
    check([add(6), { _tag: "Reset" }, add(6)], 6, "Added,Cleared,Added")
    check([{ _tag: "Reset" }], 0, "") // a no-op decides no events
  })
})

/** An actor over `core` whose handle records every step. */
const recording = (overrides: Partial<ActorDefinition<Msg, State, Event>> = {}) => {
  const steps: Array<{ events: ReadonlyArray<Event>; total: number }> = []
  const def: ActorDefinition<Msg, State, Event> = {
    kind: "test-total",
    ...core,
    handle: (events, state) => Effect.sync(() => void steps.push({ events, total: state.total })),
    ...overrides
  }
  return { def, steps }
}

describe("runActor", () => {
  it.effect("a full mailbox suspends the sender until the actor takes", () =>
    Effect.gen(function* () {
      const { def, steps } = recording({ limits: { mailboxCapacity: 2, batchMax: 1 } })
      const mailbox = yield* makeMailbox<Msg>({ mailboxCapacity: 2, batchMax: 1 })
      yield* send(mailbox, add(1))
      yield* send(mailbox, add(2))
      const sender = yield* Effect.forkChild(send(mailbox, add(3)))
      yield* Effect.yieldNow
      assert.isUndefined(sender.pollUnsafe(), "third send must wait: the mailbox holds 2")
      const actor = yield* Effect.forkChild(runActor(def, mailbox))
      yield* Fiber.join(sender)
      yield* Effect.yieldNow
      assert.deepStrictEqual(
        steps.map((s) => s.total),
        [1, 3, 6]
      )
      yield* Fiber.interrupt(actor)
    })
  )

  it.effect("handles one batch at a time: all its events at once, in mailbox order", () =>
    Effect.gen(function* () {
      const { def, steps } = recording()
      const mailbox = yield* makeMailbox<Msg>({ mailboxCapacity: 16, batchMax: 3 })
      for (const m of [add(1), add(2), { _tag: "Reset" } as Msg, add(4), add(20)]) yield* send(mailbox, m)
      yield* TestClock.setTime(1_000)
      const actor = yield* Effect.forkChild(runActor({ ...def, limits: { batchMax: 3 } }, mailbox))
      yield* Effect.yieldNow
      assert.deepStrictEqual(steps, [
        {
          events: [
            { _tag: "Added", n: 1, atMs: 1_000 },
            { _tag: "Added", n: 2, atMs: 1_000 },
            { _tag: "Cleared" }
          ],
          total: 0
        },
        { events: [{ _tag: "Added", n: 4, atMs: 1_000 }, { _tag: "Capped" }], total: 4 }
      ])
      yield* Fiber.interrupt(actor)
    })
  )

  it.effect("state moves on only when handle succeeds; a failed step fails the incarnation", () =>
    Effect.gen(function* () {
      let calls = 0
      const def: ActorDefinition<Msg, State, Event, string> = {
        kind: "test-total",
        ...core,
        handle: (_events, state) =>
          ++calls === 2 ? Effect.fail(`journal down at total ${state.total}`) : Effect.void,
        limits: { batchMax: 1 }
      }
      const mailbox = yield* makeMailbox<Msg>({ mailboxCapacity: 4, batchMax: 1 })
      yield* send(mailbox, add(1))
      yield* send(mailbox, add(2))
      const error = yield* Effect.flip(runActor(def, mailbox))
      assert.strictEqual(error, "journal down at total 3")
    })
  )

  it.effect("recover gives the starting state; ticks arrive through the mailbox on schedule", () =>
    Effect.gen(function* () {
      const { def, steps } = recording({
        recover: () => Effect.succeed({ total: 5, ticks: 0 }),
        ticks: [{ schedule: Schedule.spaced("10 seconds"), message: () => ({ _tag: "Tick" }) }]
      })
      const mailbox = yield* makeMailbox<Msg>({ mailboxCapacity: 4, batchMax: 8 })
      const actor = yield* Effect.forkChild(runActor(def, mailbox))
      yield* TestClock.adjust("9 seconds")
      yield* send(mailbox, add(1))
      yield* Effect.yieldNow
      assert.deepStrictEqual(steps.at(-1)?.total, 6, "recovered 5, then added 1")
      yield* TestClock.adjust("26 seconds") // t = 35 s: ticks at 10, 20, 30
      const ticked = steps.flatMap((s) => s.events).filter((e) => e._tag === "Ticked")
      assert.deepStrictEqual(
        ticked.map((e) => (e._tag === "Ticked" ? e.atMs : -1)),
        [10_000, 20_000, 30_000]
      )
      yield* Fiber.interrupt(actor)
    })
  )

  it.effect("rejects bad limits with the field and value", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(makeMailbox({ mailboxCapacity: 0, batchMax: 1 }))
      assert.isTrue(Exit.isFailure(exit))
      assert.include(String(Exit.isFailure(exit) && exit.cause), 'invalid actor limit "mailboxCapacity": 0')
    })
  )
})
