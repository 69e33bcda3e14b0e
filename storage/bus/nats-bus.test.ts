import { assert, describe, it } from "@effect/vitest"
import { connect, createInbox, type NatsConnection, headers as natsHeaders } from "@nats-io/transport-node"
import { Cause, Effect, Exit, Ref, Stream } from "effect"
import { afterAll, beforeAll, inject } from "vitest"
import { natsBus } from "./nats-bus.ts"
import { creditHeader, Mark, seqHeader, streamHeader } from "./stream-protocol.ts"

let nc: NatsConnection
beforeAll(async () => {
  nc = await connect({ servers: inject("natsUrl") })
})
afterAll(async () => {
  await nc?.close()
})

const b = (s: string) => new TextEncoder().encode(s)
let n = 0
const subject = () => `test.natsbus.${process.pid}.${++n}`
const flush = Effect.promise(() => nc.flush())

/** Protocol edge cases a well-behaved peer never produces; the contract suite covers the rest. */
describe("NATS bus wire protocol", () => {
  it.live("answers a plain NATS request (no credit header) with the first reply", () =>
    Effect.gen(function* () {
      const s = subject()
      yield* natsBus(nc).serve(s, (req) => Stream.make(req.data, b("second")))
      yield* flush
      const m = yield* Effect.promise(() => nc.request(s, b("hello"), { timeout: 2000 }))
      assert.deepStrictEqual(
        [m.string(), m.headers?.get(streamHeader), m.headers?.get(seqHeader)],
        ["hello", "data", "1"]
      )
    })
  )

  it.live("stops a handler whose requester vanished without acking or cancelling, with an error marker", () =>
    Effect.gen(function* () {
      const s = subject()
      const stopped = yield* Ref.make(false)
      yield* natsBus(nc, { stallTimeoutMs: 300 }).serve(s, () =>
        Stream.range(1, 1000).pipe(
          Stream.map((i) => b(String(i))),
          Stream.ensuring(Ref.set(stopped, true))
        )
      )
      yield* flush
      const marks: Array<string> = []
      const inbox = createInbox()
      const sub = nc.subscribe(inbox, {
        callback: (_e, m) => void marks.push(`${m.headers?.get(streamHeader)}:${m.string()}`)
      })
      const h = natsHeaders()
      h.set(creditHeader, "4")
      nc.publish(s, b("q"), { reply: inbox, headers: h })
      yield* Effect.sleep("600 millis")
      sub.unsubscribe()
      assert.deepStrictEqual(marks, [
        "data:1",
        "data:2",
        "data:3",
        "data:4",
        "error:the responder gave up after 300 ms without an ack"
      ])
      assert.isTrue(yield* Ref.get(stopped))
    })
  )

  it.live("fails the request when a reply goes missing, naming the sequence gap", () =>
    Effect.gen(function* () {
      const s = subject()
      const sub = nc.subscribe(s, {
        callback: (_e, m) => {
          for (const seq of [1, 3]) {
            const h = natsHeaders()
            h.set(streamHeader, Mark.data)
            h.set(seqHeader, String(seq))
            m.respond(b(String(seq)), { headers: h })
          }
        }
      })
      yield* Effect.addFinalizer(() => Effect.sync(() => sub.unsubscribe()))
      yield* flush
      const exit = yield* Effect.exit(Stream.runCollect(natsBus(nc).request(s, b("q"), { timeoutMs: 2000 })))
      assert.include(
        String(Exit.isFailure(exit) && Cause.squash(exit.cause)),
        "reply stream broken: expected message 2, got 3 (messages lost, or more than one responder)"
      )
    })
  )
})
