/**
 * The Bus contract (storage/bus/bus.ts), one suite run against the in-process bus and the NATS bus
 * (the real nats-server of the global setup, a fresh subject root per test): pub/sub order and
 * wildcards, queue groups, streamed replies with flow control and cancel, big chunks, remote
 * errors, no responders, timeouts, unsubscribe, binary payloads, headers, bad subjects.
 */
import { assert, describe, it } from "@effect/vitest"
import { connect, type NatsConnection as NatsClient } from "@nats-io/transport-node"
import { Cause, Effect, Exit, Fiber, Layer, Ref, Scope, Stream } from "effect"
import { afterAll, beforeAll, inject } from "vitest"
import { Bus } from "../../storage/bus/bus.ts"
import { MemoryBus } from "../../storage/bus/memory-bus.ts"
import { NatsBus } from "../../storage/bus/nats-bus.ts"
import { invalidSubjectReason, subjectMatches } from "../../storage/bus/subject-match.ts"
import { NatsConnection } from "../../storage/nats/nats-connection.ts"

let nc: NatsClient
beforeAll(async () => {
  nc = await connect({ servers: inject("natsUrl") })
})
afterAll(async () => {
  await nc?.close()
})

interface Target {
  readonly bus: Bus["Service"]
  /** Waits until subscriptions made so far are live (NATS: the server has seen the SUBs). */
  readonly settle: Effect.Effect<void>
}
const credit = 16
const factories: Record<string, () => Target> = {
  "in-process bus": () => ({
    bus: MemoryBus.make({ creditMessages: credit }),
    settle: Effect.sleep("10 millis")
  }),
  "NATS bus": () => ({
    bus: NatsBus.make(nc, { creditMessages: credit, stallTimeoutMs: 2000 }),
    settle: Effect.sleep("20 millis").pipe(Effect.andThen(Effect.promise(() => nc.flush())))
  })
}

const b = (s: string) => new TextEncoder().encode(s)
const t = (u: Uint8Array) => new TextDecoder().decode(u)
let n = 0
const root = () => `test.bus.${process.pid}.${++n}.${Date.now() % 1_000_000}`
const failureTag = <A, E extends { _tag: string }>(exit: Exit.Exit<A, E>) =>
  Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined

describe("subject rules", () => {
  it.each([
    ["a.b", "a.b", true],
    ["a.*", "a.b", true],
    ["a.*", "a.b.c", false],
    ["a.>", "a.b.c", true],
    ["a.>", "a.b", true],
    ["a.>", "a", false],
    ["*.b", "a.b", true],
    ["a.b", "a.c", false],
    [">", "a", true],
    ["*", "a.b", false],
    ["a.*.c", "a.x.c", true],
    ["a.*.c", "a.x.d", false],
    ["a.b", "a.b.c", false],
    ["a.b.c", "a.b", false],
    ["a.b", "ab", false]
  ])("%s ~ %s = %s", (p, s, want) => assert.strictEqual(subjectMatches(p, s), want))

  it.each([
    ["", false, "the subject is empty"],
    ["a..b", false, "token 2 is empty"],
    ["a.b.", false, "token 3 is empty"],
    ["a b", false, "the subject contains whitespace"],
    ["a.*", false, 'token 2 is the wildcard "*", which only subscriptions may use'],
    ["a.>.b", true, 'token 2 is ">", which must be the last token'],
    ["a.*.>", true, undefined],
    ["a*.b", false, undefined]
  ])("%j (pattern %s): %s", (s, pattern, want) => assert.strictEqual(invalidSubjectReason(s, pattern), want))
})

for (const [kind, make] of Object.entries(factories)) {
  describe(`Bus contract: ${kind}`, () => {
    it.live("delivers 1000 messages in publish order, with headers", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        const fiber = yield* Effect.forkChild(Stream.runCollect(Stream.take(bus.subscribe(`${s}.*`), 1000)))
        yield* settle
        for (let i = 0; i < 1000; i++) yield* bus.publish(`${s}.x`, b(String(i)), { "Trace-Id": `t${i}` })
        const got = yield* Fiber.join(fiber)
        assert.deepStrictEqual(
          got.map((m) => t(m.data)),
          Array.from({ length: 1000 }, (_, i) => String(i))
        )
        assert.deepStrictEqual([got[7].subject, got[7].headers], [`${s}.x`, { "Trace-Id": "t7" }])
      })
    )

    it.live("routes by the NATS wildcard table", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        const table: Array<[string, string, boolean]> = [
          ["a.b", "a.b", true],
          ["a.*", "a.b", true],
          ["a.*", "a.b.c", false],
          ["a.>", "a.b.c", true],
          ["a.>", "a", false],
          ["*.b", "a.b", true],
          ["*.b", "c.d", false],
          ["a.*.c", "a.x.c", true],
          ["a.*.c", "a.x.d", false],
          [">", "z.y.x", true]
        ]
        const seen = table.map(() => new Set<string>())
        for (const [i, [pattern]] of table.entries()) {
          yield* Effect.forkScoped(
            Stream.runForEach(bus.subscribe(`${s}.${pattern}`), (m) =>
              Effect.sync(() => seen[i].add(m.subject.slice(s.length + 1)))
            )
          )
        }
        yield* settle
        for (const subject of new Set(table.map(([, subject]) => subject)))
          yield* bus.publish(`${s}.${subject}`, b("x"))
        yield* settle
        yield* Effect.sleep("50 millis")
        const wrong = table.filter(([, subject, want], i) => seen[i].has(subject) !== want)
        assert.deepStrictEqual(wrong, [])
      })
    )

    it.live("gives each message to one member of a queue group, and all to plain subscribers", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        const counts = [0, 0, 0]
        const count = (i: number, queue?: string) =>
          Effect.forkScoped(
            Stream.runForEach(bus.subscribe(s, { queue }), () => Effect.sync(() => void counts[i]++))
          )
        yield* count(0, "workers")
        yield* count(1, "workers")
        yield* count(2)
        yield* settle
        for (let i = 0; i < 40; i++) yield* bus.publish(s, b(String(i)))
        yield* settle
        yield* Effect.sleep("100 millis")
        assert.strictEqual(counts[0] + counts[1], 40)
        assert.isAbove(Math.min(counts[0], counts[1]), 0, `split ${counts}`)
        assert.strictEqual(counts[2], 40)
      })
    )

    it.live("unsubscribes when the stream ends: the group's other member gets the rest", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        const first = yield* Effect.forkChild(
          Stream.runCollect(Stream.take(bus.subscribe(s, { queue: "q" }), 1))
        )
        const late = bus.subscribe(s, { queue: "q" }).pipe(
          Stream.map((m) => t(m.data)),
          Stream.filter((x) => x.startsWith("late")),
          Stream.take(10),
          Stream.runCollect,
          Effect.timeout("3 seconds")
        )
        const rest = yield* Effect.forkChild(late)
        yield* settle
        // Early messages go to either member until the first one has taken its one and stopped.
        for (let i = 0; first.pollUnsafe() === undefined && i < 50; i++) {
          yield* bus.publish(s, b(`early${i}`))
          yield* settle
        }
        yield* Fiber.join(first)
        yield* settle
        for (let i = 0; i < 10; i++) yield* bus.publish(s, b(`late${i}`))
        assert.deepStrictEqual(
          yield* Fiber.join(rest),
          Array.from({ length: 10 }, (_, i) => `late${i}`)
        )
      })
    )

    for (const count of [0, 1, 1000]) {
      it.live(`streams ${count} replies to a request, in order`, () =>
        Effect.gen(function* () {
          const { bus, settle } = make()
          const s = root()
          yield* bus.serve(s, (req) =>
            Stream.range(1, count).pipe(Stream.map((i) => b(`${t(req.data)}-${i}`)))
          )
          yield* settle
          const replies = (yield* Stream.runCollect(bus.request(s, b("q"), { timeoutMs: 5000 }))).map(t)
          assert.deepStrictEqual(
            replies,
            Array.from({ length: count }, (_, i) => `q-${i + 1}`)
          )
        })
      )
    }

    it.live("splits requests between the responders of a group", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        yield* bus.serve(s, () => Stream.make(b("A")))
        yield* bus.serve(s, () => Stream.make(b("B")))
        yield* settle
        const who = new Set<string>()
        for (let i = 0; i < 20; i++) {
          for (const r of yield* Stream.runCollect(bus.request(s, b("q"), { timeoutMs: 5000 }))) who.add(t(r))
        }
        assert.deepStrictEqual([...who].sort(), ["A", "B"])
      })
    )

    it.live(
      "holds a responder back while its requester is slow, and cancels it when the requester stops",
      () =>
        Effect.gen(function* () {
          const { bus, settle } = make()
          const s = root()
          const produced = yield* Ref.make(0)
          const stopped = yield* Ref.make(false)
          yield* bus.serve(s, () =>
            Stream.range(1, 5000).pipe(
              Stream.tap(() => Ref.update(produced, (x) => x + 1)),
              Stream.map((i) => b(String(i))),
              Stream.ensuring(Ref.set(stopped, true))
            )
          )
          yield* settle
          const got = yield* Stream.runCollect(
            bus.request(s, b("q"), { timeoutMs: 5000 }).pipe(
              Stream.tap(() => Effect.sleep("5 millis")),
              Stream.take(20)
            )
          )
          assert.deepStrictEqual(
            got.map(t),
            Array.from({ length: 20 }, (_, i) => String(i + 1))
          )
          assert.isAtMost(yield* Ref.get(produced), 20 + 4 * credit, "flow control bounds the handler's lead")
          yield* Effect.sleep("200 millis")
          assert.isTrue(yield* Ref.get(stopped), "the handler was interrupted")
        })
    )

    it.live("carries reply chunks larger than the payload limit whole", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        const big = Uint8Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 31) & 0xff)
        yield* bus.serve(s, () => Stream.make(b("small"), big, new Uint8Array(0), b("tail")))
        yield* settle
        const got = yield* Stream.runCollect(bus.request(s, b("q"), { timeoutMs: 5000 }))
        assert.deepStrictEqual(
          got.map((x) => x.length),
          [5, big.length, 0, 4]
        )
        assert.isTrue(Buffer.from(got[1]).equals(Buffer.from(big)))
      })
    )

    it.live("refuses a publish or request over the payload limit", () =>
      Effect.gen(function* () {
        const { bus } = make()
        const s = root()
        const tooBig = new Uint8Array(1024 * 1024 + 1)
        const pub = yield* Effect.exit(bus.publish(s, tooBig))
        assert.include(
          String(failureTag(pub)),
          `bus publish on "${s}": payload of 1048577 bytes exceeds the limit`
        )
        const req = yield* Effect.exit(Stream.runCollect(bus.request(s, tooBig, { timeoutMs: 1000 })))
        assert.strictEqual((failureTag(req) as { _tag?: string })?._tag, "BusPayloadTooLargeError")
      })
    )

    it.live("carries a handler's failure back as BusRemoteError, after the replies before it", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        yield* bus.serve(s, () => Stream.concat(Stream.make(b("part")), Stream.fail("disk on fire")), {
          errorMessage: (e) => `boom: ${e}\nsecond line`
        })
        yield* bus.serve(`${s}.die`, () => Stream.die(new Error("bug here")))
        yield* settle
        const seen: Array<string> = []
        const exit = yield* Effect.exit(
          Stream.runForEach(bus.request(s, b("q"), { timeoutMs: 5000 }), (x) =>
            Effect.sync(() => seen.push(t(x)))
          )
        )
        assert.deepStrictEqual(seen, ["part"])
        const e = failureTag(exit) as { _tag: string; error: string }
        assert.deepStrictEqual([e._tag, e.error], ["BusRemoteError", "boom: disk on fire\nsecond line"])
        const died = yield* Effect.exit(
          Stream.runCollect(bus.request(`${s}.die`, b("q"), { timeoutMs: 5000 }))
        )
        assert.strictEqual((failureTag(died) as { error: string }).error, "handler died: bug here")
      })
    )

    it.live("ends a reply with BusRemoteError when the serving scope closes mid-stream", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        const scope = yield* Scope.make()
        yield* bus.serve(s, () => Stream.concat(Stream.make(b("1")), Stream.never)).pipe(Scope.provide(scope))
        yield* settle
        const seen: Array<string> = []
        const fiber = yield* Effect.forkChild(
          Effect.exit(
            Stream.runForEach(bus.request(s, b("q"), { timeoutMs: 5000 }), (x) =>
              Effect.sync(() => seen.push(t(x)))
            )
          )
        )
        yield* Effect.sleep("100 millis")
        yield* Scope.close(scope, Exit.void)
        const exit = yield* Fiber.join(fiber).pipe(Effect.timeout("1 second"))
        const e = failureTag(exit) as { _tag: string; error: string }
        assert.deepStrictEqual(
          [seen, e._tag, e.error],
          [["1"], "BusRemoteError", "the responder stopped before the reply ended"]
        )
      })
    )

    it.live("fails fast with no responders, also once the serving scope has closed", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        const none = yield* Effect.exit(Stream.runCollect(bus.request(s, b("q"), { timeoutMs: 3000 })))
        assert.strictEqual((failureTag(none) as { _tag: string })._tag, "BusNoRespondersError")
        yield* Effect.scoped(bus.serve(s, () => Stream.make(b("ok"))).pipe(Effect.andThen(settle)))
        yield* settle
        const after = yield* Effect.exit(Stream.runCollect(bus.request(s, b("q"), { timeoutMs: 3000 })))
        assert.strictEqual((failureTag(after) as { _tag: string })._tag, "BusNoRespondersError")
      })
    )

    it.live("times out on a silent responder, before the first reply and between replies", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        yield* bus.serve(`${s}.silent`, () => Stream.never)
        yield* bus.serve(`${s}.stalls`, () => Stream.concat(Stream.make(b("1")), Stream.never))
        yield* settle
        const silent = yield* Effect.exit(
          Stream.runCollect(bus.request(`${s}.silent`, b("q"), { timeoutMs: 200 }))
        )
        assert.include(String(failureTag(silent)), "no reply within 200 ms")
        const seen: Array<string> = []
        const stalls = yield* Effect.exit(
          Stream.runForEach(bus.request(`${s}.stalls`, b("q"), { timeoutMs: 200 }), (x) =>
            Effect.sync(() => seen.push(t(x)))
          )
        )
        assert.deepStrictEqual(
          [seen, (failureTag(stalls) as { _tag: string })._tag],
          [["1"], "BusTimeoutError"]
        )
      })
    )

    it.live("passes binary payloads unchanged, and request headers to the handler", () =>
      Effect.gen(function* () {
        const { bus, settle } = make()
        const s = root()
        const payload = Uint8Array.from({ length: 4096 }, (_, i) => (i * 13) & 0xff)
        yield* bus.serve(s, (req) => Stream.make(req.data, b(JSON.stringify(req.headers ?? {}))))
        yield* settle
        const got = yield* Stream.runCollect(
          bus.request(s, payload, { timeoutMs: 5000, headers: { Tenant: "t-1" } })
        )
        assert.isTrue(Buffer.from(got[0]).equals(Buffer.from(payload)))
        assert.deepStrictEqual(JSON.parse(t(got[1])), { Tenant: "t-1" })
        const sub = yield* Effect.forkChild(Stream.runHead(bus.subscribe(`${s}.pub`)))
        yield* settle
        yield* bus.publish(`${s}.pub`, payload)
        const m = yield* Fiber.join(sub)
        assert.isTrue(m._tag === "Some" && Buffer.from(m.value.data).equals(Buffer.from(payload)))
      })
    )

    it.live("dies on an invalid subject, naming it and why", () =>
      Effect.gen(function* () {
        const { bus } = make()
        const exit = yield* Effect.exit(bus.publish("a.*", b("x")))
        assert.isTrue(Exit.isFailure(exit) && Cause.hasDies(exit.cause))
        assert.include(
          String(failureTag(exit)),
          'invalid bus subject "a.*": token 2 is the wildcard "*", which only subscriptions may use'
        )
      })
    )
  })
}

describe("NatsBus.layer on NatsConnection.layer", () => {
  it.live("serves and requests through the layers, and drains the connection when they close", () =>
    Effect.gen(function* () {
      const s = root()
      let client: NatsClient | undefined
      const got = yield* Effect.scoped(
        Effect.gen(function* () {
          const bus = yield* Bus
          client = (yield* NatsConnection).nc
          yield* bus.serve(s, (req) => Stream.make(req.data, b("!")))
          yield* Effect.promise(() => (client as NatsClient).flush())
          return yield* Stream.runCollect(bus.request(s, b("hi"), { timeoutMs: 5000 }))
        }).pipe(
          Effect.provide(
            NatsBus.layer().pipe(
              Layer.provideMerge(NatsConnection.layer(inject("natsUrl"), { name: "bus-test" }))
            )
          )
        )
      )
      assert.deepStrictEqual(got.map(t), ["hi", "!"])
      assert.isTrue(client?.isClosed())
    })
  )

  it.live("fails to build with NatsConnectError naming the server", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Effect.scoped(Layer.build(NatsConnection.layer("nats://127.0.0.1:1", { connectTimeoutMs: 500 })))
      )
      assert.include(String(failureTag(exit)), "cannot connect to NATS at nats://127.0.0.1:1")
    })
  )
})
