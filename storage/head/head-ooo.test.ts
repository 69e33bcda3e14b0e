/**
 * Out-of-order window in the head. Expected answers were observed on Prometheus 2.42 with
 * `storage.tsdb.out_of_order_time_window: 30m`, one remote-write request per line (except "too
 * old", which 2.42 answers with 500 and later releases with 400; the reason is the same).
 */
import { describe, expect, it } from "vitest"
import { Head } from "./head.ts"
import { OooSamples, oooChunkCapacity } from "./ooo-samples.ts"

const minute = 60_000
const hour = 60 * minute
const now = 10 * hour
const a = ["__name__", "a"]
const b = ["__name__", "b"]
const c = ["__name__", "c"]

const samples = (h: Head, labels: string[], from = 0, to = 100 * hour) => {
  const [r] = h.select([{ type: "=", name: "__name__", value: labels[1] }], from, to)
  return r === undefined ? [] : Array.from(r.ts, (t, i) => [(t - now) / 1000, r.vs[i]])
}

describe("Head with an out-of-order window (as Prometheus 2.42)", () => {
  it("takes samples within the window, drops repeats silently, refuses older ones as too old", () => {
    const h = new Head({ chunkRangeMs: 2 * hour, outOfOrderTimeWindowMs: 30 * minute })
    expect(h.append(a, now, 1)).toBeUndefined()
    expect(h.append(a, now - minute, 2)).toBeUndefined()
    expect(h.append(a, now - minute, 2)).toBeUndefined()
    expect(h.append(a, now - minute, 3)).toBeUndefined() // dropped: the first value stays
    expect(h.append(a, now - 40 * minute, 4)).toBe("too old sample")
    expect(h.append(b, now - 40 * minute, 5)).toBeUndefined() // a new series: in order, in bounds
    expect(h.append(b, now - 20 * minute, 6)).toBeUndefined()
    expect(h.append(b, now - 25 * minute, 7)).toBeUndefined()
    expect(h.append(b, now - 22 * minute, 8)).toBeUndefined()
    expect(h.append(b, now - 25 * minute, 7)).toBeUndefined()
    expect(h.append(a, now, 1)).toBeUndefined()
    expect(h.append(a, now, 9)).toBe("duplicate sample for timestamp")
    expect(h.append(c, now - 3 * hour, 1)).toBe("too old sample")
    expect(h.append(a, now - 10_000, 10)).toBeUndefined()
    expect(h.append(a, now - 20_000, 11)).toBeUndefined()
    expect(samples(h, a)).toEqual([
      [-60, 2],
      [-20, 11],
      [-10, 10],
      [0, 1]
    ])
    expect(samples(h, b)).toEqual([
      [-2400, 5],
      [-1500, 7],
      [-1320, 8],
      [-1200, 6]
    ])
    expect(samples(h, c)).toEqual([])
    // prometheus_tsdb_head_out_of_order_samples_appended_total 5, too_old 2; appended counts both kinds.
    expect(h.stats).toMatchObject({
      outOfOrderAppended: 5,
      tooOld: 2,
      samplesAppended: 8,
      outOfOrder: 0,
      duplicates: 1
    })
    // Out-of-order samples leave the head's in-order bounds alone.
    expect([h.minTime, h.maxTime]).toEqual([now - 40 * minute, now])
    expect([h.oooMinTime, h.oooMaxTime]).toEqual([now - 25 * minute, now - 10_000])
  })

  it("still rejects as before with window 0, and a reload can open the window", () => {
    const h = new Head({ chunkRangeMs: 2 * hour, outOfOrderTimeWindowMs: 0 })
    h.append(a, now, 1)
    expect(h.append(a, now - minute, 2)).toBe("out of order sample")
    expect(h.append(c, now - 3 * hour, 1)).toBe("out of bounds")
    h.outOfOrderTimeWindowMs = 4 * hour
    expect(h.append(a, now - minute, 2)).toBeUndefined()
    // Below the in-order bound (half a block range) but within the window: out-of-order data.
    expect(h.append(c, now - 3 * hour, 1)).toBeUndefined()
    expect(samples(h, c)).toEqual([[-3 * 3600, 1]])
  })

  it("reads a range, merges with in-order samples (in-order wins a shared timestamp), forgets on clear", () => {
    const h = new Head({ chunkRangeMs: 2 * hour, outOfOrderTimeWindowMs: hour })
    for (let t = now - 30 * minute; t <= now; t += 10 * minute) h.append(a, t, t / minute)
    // 100 samples between the in-order ones, in descending order (several sealed chunks).
    for (let k = 100; k >= 1; k--) expect(h.append(a, now - 30 * minute + k * 15_000, -k)).toBeUndefined()
    const all = samples(h, a)
    expect(all.length).toBe(4 + 100 - 2) // two of the 100 land on in-order times: in-order kept
    const times = all.map(([t]) => t)
    expect(times).toEqual([...times].sort((x, y) => x - y))
    expect(all.find(([t]) => t === -20 * 60)).toEqual([-20 * 60, (now - 20 * minute) / minute])
    const part = samples(h, a, now - 25 * minute, now - 24 * minute)
    expect(part.map(([t]) => t)).toEqual([-1500, -1485, -1470, -1455, -1440])
    h.clearOutOfOrder()
    expect(samples(h, a).length).toBe(4)
    expect([h.oooMinTime, h.oooMaxTime]).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
  })

  it("drops a series that only held out-of-order samples when they are cleared, keeps it across truncation", () => {
    const h = new Head({ chunkRangeMs: 2 * hour, outOfOrderTimeWindowMs: 4 * hour })
    h.append(a, now, 1)
    expect(h.append(c, now - 3 * hour, 1)).toBeUndefined()
    h.truncate(now - hour)
    expect(h.numSeries).toBe(2)
    h.clearOutOfOrder()
    expect(h.numSeries).toBe(1)
  })
})

describe("OooSamples", () => {
  it("seals every 32 samples and keeps the first value of a repeated timestamp across chunks", () => {
    const o = new OooSamples()
    for (let i = 0; i < oooChunkCapacity; i++) expect(o.insert(1000 * i, i)).toBe(true)
    expect(o.insert(5000, 99)).toBe(true) // the sealed chunk holds 5000: the merge keeps its value
    expect(o.insert(5000, 98)).toBe(false)
    const r = o.samples(0, Number.POSITIVE_INFINITY)
    expect(r.ts.length).toBe(oooChunkCapacity)
    expect(r.vs[5]).toBe(5)
    expect(o.deleteRange(3000, 6000)).toBe(4)
    expect(o.samples(0, 10_000).ts).toEqual([0, 1000, 2000, 7000, 8000, 9000, 10_000])
  })
})
