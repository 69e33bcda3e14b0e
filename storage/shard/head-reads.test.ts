/**
 * Head reads over the Bus (chunk frames) carry every sample kind: floats with their exact bits
 * (staleness markers) and native histograms, as the head holds them (found: histogram samples came
 * back as float zeros through the distributed gateway); label listings ask for series only.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { staleMarker, valueBits } from "../../protocols/values/special-nans.ts"
import { memoryBus } from "../bus/memory-bus.ts"
import { Head } from "../head/head.ts"
import { headQueryable } from "../head/head-queryable.ts"
import type { FloatHistogram } from "../promql/histogram.ts"
import type { Queryable } from "../queryable.ts"
import { busHeadsQueryable, serveHeadReads } from "./head-reads.ts"

const hist = (k: number): FloatHistogram => ({
  schema: 1,
  zeroThreshold: 1e-128,
  zeroCount: k,
  count: 10 + 3 * k,
  sum: 2.5 * k,
  pOffset: -1,
  pos: [1, 0, 2 + k],
  nOffset: 2,
  neg: [3 + 2 * k],
  hint: "unknown"
})

const read = (q: Queryable) =>
  Effect.scoped(
    Effect.gen(function* () {
      const querier = yield* q.querier(0, 10_000_000)
      const set = yield* querier.select([{ type: "=~", name: "__name__", value: "m.*" }])
      const out: Array<[string, number, string, FloatHistogram | undefined]> = []
      while (set.next()) {
        const s = set.at()
        const it = s.samples()
        // Chunks cut at counter resets, so within one a histogram reads back as "not_reset".
        while (it.next())
          out.push([
            s.labels.join(","),
            it.timeMs,
            valueBits(it.value).toString(),
            it.histogram && { ...it.histogram, hint: "unknown" }
          ])
      }
      return out
    })
  )

describe("head reads over the Bus", () => {
  it("return floats (bit for bit) and native histograms as the head holds them", async () => {
    const head = new Head()
    const floats = head.getOrCreate(["__name__", "m_float"])
    const mixed = head.getOrCreate(["__name__", "m_mixed"])
    for (let i = 0; i < 50; i++) {
      head.appendTo(floats, 1000 * i, i === 20 ? staleMarker : i / 3)
      if (i % 5 === 0) head.appendTo(mixed, 1000 * i + 500, i)
      else head.appendHistogramTo(mixed, 1000 * i + 500, hist(i))
    }
    const bus = memoryBus()
    const program = Effect.gen(function* () {
      yield* serveHeadReads(bus, 0, headQueryable(head))
      yield* serveHeadReads(bus, 1, headQueryable(new Head()))
      const direct = yield* read(headQueryable(head))
      const viaBus = yield* read(busHeadsQueryable(bus, 2, 5000))
      const names = yield* Effect.scoped(
        Effect.flatMap(busHeadsQueryable(bus, 2, 5000).querier(0, 10_000_000), (q) =>
          q.labelValues("__name__", [{ type: "=~", name: "__name__", value: "m.*" }])
        )
      )
      return { direct, viaBus, names }
    })
    const { direct, viaBus, names } = await Effect.runPromise(Effect.scoped(program))
    expect(direct.length).toBe(100)
    expect(direct.filter((r) => r[3] !== undefined).length).toBe(40)
    expect(viaBus).toEqual(direct)
    expect(names).toEqual(["m_float", "m_mixed"])
  })
})
