/**
 * The Bus contract (storage/bus/bus.ts), one suite for the in-process bus and NATS (real
 * nats-server from the global setup): pub/sub order and wildcards, queue groups, streamed replies,
 * remote errors, no responders, timeouts, binary payloads and headers.
 */
import { connect, type NatsConnection } from "@nats-io/transport-node"
import { Effect, Fiber, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import type { Bus } from "../../storage/bus/bus.ts"
import { memoryBus } from "../../storage/bus/memory-bus.ts"
import { natsBus } from "../../storage/bus/nats-bus.ts"
import { subjectMatches } from "../../storage/bus/subject-match.ts"

let nc: NatsConnection
beforeAll(async () => {
  nc = await connect({ servers: inject("natsUrl") })
})
afterAll(async () => {
  await nc?.close()
})

const factories: Record<string, () => Bus["Service"]> = {
  "in-process bus": memoryBus,
  "NATS bus": () => natsBus(nc)
}
const b = (s: string) => new TextEncoder().encode(s)
const t = (u: Uint8Array) => new TextDecoder().decode(u)
let n = 0
const subject = () => `test.bus.${++n}.${Date.now() % 100000}`
const settle = Effect.sleep("50 millis")

describe("subject matching", () => {
  it.each([
    ["a.b", "a.b", true],
    ["a.*", "a.b", true],
    ["a.*", "a.b.c", false],
    ["a.>", "a.b.c", true],
    ["a.>", "a", false],
    ["*.b", "a.b", true],
    ["a.b", "a.c", false]
  ])("%s ~ %s = %s", (p, s, want) => expect(subjectMatches(p, s)).toBe(want))
})

for (const [kind, make] of Object.entries(factories)) {
  describe(`Bus contract: ${kind}`, () => {
    it("delivers published messages in order to wildcard subscribers, with headers", async () => {
      const bus = make()
      const s = subject()
      const got = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const fiber = yield* Effect.forkChild(Stream.runCollect(Stream.take(bus.subscribe(`${s}.*`), 3)))
            yield* settle
            for (const x of ["1", "2", "3"]) yield* bus.publish(`${s}.x`, b(x), { k: x })
            return yield* Fiber.join(fiber)
          })
        )
      )
      expect(got.map((m) => [m.subject, t(m.data), m.headers?.k])).toEqual([
        [`${s}.x`, "1", "1"],
        [`${s}.x`, "2", "2"],
        [`${s}.x`, "3", "3"]
      ])
    })
    it("splits a queue group's messages between members", async () => {
      const bus = make()
      const s = subject()
      const counts = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const seen = [0, 0]
            for (const i of [0, 1]) {
              yield* Effect.forkScoped(
                Stream.runForEach(bus.subscribe(s, { queue: "workers" }), () =>
                  Effect.sync(() => void seen[i]++)
                )
              )
            }
            yield* settle
            for (let i = 0; i < 20; i++) yield* bus.publish(s, b(String(i)))
            yield* Effect.sleep("200 millis")
            return seen
          })
        )
      )
      expect(counts[0] + counts[1]).toBe(20)
      expect(Math.min(...counts)).toBeGreaterThan(0)
    })
    it.each([0, 1, 1000])("streams %d replies to a request", async (count) => {
      const bus = make()
      const s = subject()
      const replies = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            yield* bus.serve(s, (req) =>
              Stream.range(1, count).pipe(Stream.map((i) => b(`${t(req.data)}-${i}`)))
            )
            yield* settle
            return yield* Stream.runCollect(bus.request(s, b("q"), { timeoutMs: 5000 }))
          })
        )
      )
      expect(replies.length).toBe(count)
      if (count > 0) expect([t(replies[0]), t(replies[count - 1])]).toEqual(["q-1", `q-${count}`])
    })
    it("carries a handler's failure back as BusRemoteError", async () => {
      const bus = make()
      const s = subject()
      const r = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            yield* bus.serve(s, () => Stream.concat(Stream.make(b("part")), Stream.fail("disk on fire")), {
              errorMessage: (e) => `boom: ${e}`
            })
            yield* settle
            return yield* Effect.result(Stream.runCollect(bus.request(s, b("q"), { timeoutMs: 5000 })))
          })
        )
      )
      expect(r._tag === "Failure" && r.failure._tag).toBe("BusRemoteError")
      expect(r._tag === "Failure" && r.failure.message).toContain("boom: disk on fire")
    })
    it("fails fast with no responders, and times out on a silent responder", async () => {
      const bus = make()
      const none = await Effect.runPromise(
        Effect.result(Stream.runCollect(bus.request(subject(), b("q"), { timeoutMs: 2000 })))
      )
      expect(none._tag === "Failure" && none.failure._tag).toBe("BusNoRespondersError")
      const s = subject()
      const slow = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            yield* bus.serve(s, () => Stream.never)
            yield* settle
            return yield* Effect.result(Stream.runCollect(bus.request(s, b("q"), { timeoutMs: 200 })))
          })
        )
      )
      expect(slow._tag === "Failure" && slow.failure._tag).toBe("BusTimeoutError")
    })
    it("passes binary payloads unchanged", async () => {
      const bus = make()
      const s = subject()
      const payload = Uint8Array.from({ length: 4096 }, (_, i) => (i * 13) & 0xff)
      const got = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            yield* bus.serve(s, (req) => Stream.make(req.data))
            yield* settle
            return yield* Stream.runCollect(bus.request(s, payload, { timeoutMs: 5000 }))
          })
        )
      )
      expect(Buffer.from(got[0]).equals(Buffer.from(payload))).toBe(true)
    })
  })
}
