/**
 * `node storage/bus/bus.bench.ts`: the Bus on the in-process and the NATS implementation (a
 * nats-server this bench starts): publish → subscriber throughput, sequential single-reply
 * requests, and one request streaming 100k replies at several credit windows. Median of 3 runs.
 */
import { connect } from "@nats-io/transport-node"
import { Effect, Fiber, Stream } from "effect"
import { startNats } from "../../test/support/servers.ts"
import type { Bus } from "./bus.ts"
import { memoryBus } from "./memory-bus.ts"
import { natsBus } from "./nats-bus.ts"

const payload = new Uint8Array(256).fill(7)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
let k = 0

/** Messages per second from publish to a subscriber that has seen them all. */
const pubSub = (bus: Bus["Service"], count: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const s = `bench.ps.${++k}`
      const fiber = yield* Effect.forkChild(
        Stream.runDrain(Stream.take(bus.subscribe(s, { bufferSize: count }), count))
      )
      yield* Effect.sleep("50 millis")
      const t0 = performance.now()
      for (let i = 0; i < count; i++) yield* bus.publish(s, payload)
      yield* Fiber.join(fiber)
      return count / ((performance.now() - t0) / 1000)
    })
  )

/** Requests per second, one at a time, one reply each. */
const roundTrips = (bus: Bus["Service"], count: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const s = `bench.rt.${++k}`
      yield* bus.serve(s, (req) => Stream.make(req.data))
      yield* Effect.sleep("50 millis")
      const t0 = performance.now()
      for (let i = 0; i < count; i++) yield* Stream.runDrain(bus.request(s, payload, { timeoutMs: 5000 }))
      return count / ((performance.now() - t0) / 1000)
    })
  )

/** Replies per second of one request streaming `count` replies. */
const streamed = (bus: Bus["Service"], count: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const s = `bench.st.${++k}`
      yield* bus.serve(s, () => Stream.range(1, count).pipe(Stream.map(() => payload)))
      yield* Effect.sleep("50 millis")
      const t0 = performance.now()
      const got = yield* Stream.runCount(bus.request(s, payload, { timeoutMs: 5000 }))
      if (got !== count) throw new Error(`expected ${count} replies, got ${got}`)
      return count / ((performance.now() - t0) / 1000)
    })
  )

const main = async () => {
  const nats = await startNats()
  const nc = await connect({ servers: nats.url })
  try {
    const rows: Array<[string, string, number]> = []
    const measure = async (what: string, impl: string, e: () => Effect.Effect<number, unknown>) => {
      const runs: number[] = []
      for (let i = 0; i < 3; i++) runs.push(await Effect.runPromise(e()))
      rows.push([what, impl, median(runs)])
      console.log(`${what.padEnd(44)} ${impl.padEnd(12)} ${Math.round(median(runs)).toLocaleString("en")}/s`)
    }
    const buses: Record<string, (credit: number) => Bus["Service"]> = {
      "in-process": (credit) => memoryBus({ creditMessages: credit }),
      NATS: (credit) => natsBus(nc, { creditMessages: credit })
    }
    for (const [impl, make] of Object.entries(buses)) {
      await measure("publish → subscriber, 100k × 256 B", impl, () => pubSub(make(64), 100_000))
      await measure("request → 1 reply, 2000 sequential", impl, () => roundTrips(make(64), 2000))
      for (const credit of [16, 64, 256]) {
        await measure(`1 request → 100k replies × 256 B, credit ${credit}`, impl, () =>
          streamed(make(credit), 100_000)
        )
      }
    }
  } finally {
    await nc.close()
    await nats.stop()
  }
}

await main()
