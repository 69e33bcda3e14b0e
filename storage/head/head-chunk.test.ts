import { describe, expect, it } from "vitest"
import { staleMarker } from "../../protocols/values/special-nans.ts"
import { XorAppender, XorIterator } from "../chunks/xor-chunk.ts"
import { ChunkSlab } from "./chunk-slab.ts"
import { HeadChunk, maxSamplesPerChunk } from "./head-chunk.ts"

let seed = 42
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}

/** Timestamp steps reaching every delta-of-delta bucket, and values of every kind. */
const series = (kind: number, n: number) => {
  const ts: number[] = []
  const vs: number[] = []
  let t = 1_700_000_000_000 + Math.floor(rand() * 1e6)
  let v = rand() * 1e6
  const steps = [15_000, 15_000 + Math.floor(rand() * 10), 60_000, 3_600_000, 1, 2 ** 33]
  for (let i = 0; i < n; i++) {
    ts.push(t)
    t += kind === 0 ? 15_000 : steps[Math.floor(rand() * steps.length)]
    const r = rand()
    if (kind === 2)
      vs.push(r < 0.1 ? staleMarker : r < 0.2 ? Number.NaN : r < 0.3 ? -0 : r < 0.35 ? Infinity : v)
    else if (kind === 3)
      vs.push(new Float64Array(new BigUint64Array([BigInt(Math.floor(r * 2 ** 52)) * 4099n]).buffer)[0])
    else vs.push((v += kind === 0 ? Math.floor(r * 50) : r - 0.5))
  }
  return { ts, vs }
}

const xorBytes = (ts: number[], vs: number[]) => {
  const a = new XorAppender()
  for (let i = 0; i < ts.length; i++) a.append(ts[i], vs[i])
  return a.bytes()
}

describe("HeadChunk (XOR encoder in a slab slot)", () => {
  it("writes exactly XorAppender's bytes, chunks growing side by side in one slab", () => {
    const slab = new ChunkSlab()
    const inputs = Array.from({ length: 200 }, (_, k) =>
      series(k % 4, 1 + Math.floor(rand() * maxSamplesPerChunk))
    )
    const chunks = inputs.map((s) => new HeadChunk(s.ts[0], 2 ** 52, slab))
    // Interleaved appends: every chunk grows through slot sizes while the others write next to it.
    for (let i = 0; i < maxSamplesPerChunk; i++)
      for (const [k, s] of inputs.entries()) if (i < s.ts.length) chunks[k].append(s.ts[i], s.vs[i])
    for (const [k, s] of inputs.entries()) {
      expect(Buffer.from(chunks[k].bytes()).equals(Buffer.from(xorBytes(s.ts, s.vs)))).toBe(true)
      expect([chunks[k].minTime, chunks[k].maxTime, chunks[k].count]).toEqual([
        s.ts[0],
        s.ts.at(-1),
        s.ts.length
      ])
    }
    // Read back, staleness marker bits included.
    const it = new XorIterator()
    const s2 = inputs[2]
    chunks[2].iterator(it)
    for (let i = 0; i < s2.ts.length; i++) {
      expect(it.next()).toBe(true)
      expect(it.timeMs).toBe(s2.ts[i])
      expect(Object.is(it.value, s2.vs[i]) || (Number.isNaN(it.value) && Number.isNaN(s2.vs[i]))).toBe(true)
    }
  })
  it("reuses released slots without touching live chunks", () => {
    const slab = new ChunkSlab()
    const a = series(1, 100)
    const b = series(3, 100)
    const ca = new HeadChunk(a.ts[0], 2 ** 52, slab)
    for (let i = 0; i < 100; i++) ca.append(a.ts[i], a.vs[i])
    const before = ca.bytes()
    for (let round = 0; round < 5; round++) {
      const cb = new HeadChunk(b.ts[0], 2 ** 52, slab)
      for (let i = 0; i < 100; i++) cb.append(b.ts[i], b.vs[i])
      expect(Buffer.from(cb.bytes()).equals(Buffer.from(xorBytes(b.ts, b.vs)))).toBe(true)
      cb.release()
    }
    expect(Buffer.from(ca.bytes()).equals(Buffer.from(before))).toBe(true)
    expect(slab.inUse.reduce((x, y) => x + y, 0)).toBe(1)
    ca.release()
    expect(slab.inUse.reduce((x, y) => x + y, 0)).toBe(0)
    expect(() => ca.append(a.ts[99] + 1, 1)).toThrow("released")
  })
  it("cuts at the chunk range and spreads chunks as Prometheus (nextAt at a quarter full)", () => {
    const slab = new ChunkSlab()
    const range = 2 * 3600_000
    const c = new HeadChunk(range * 100 + 1000, range, slab)
    expect(c.nextAt).toBe(range * 101)
    for (let i = 0; i < 30; i++) c.append(range * 100 + 1000 + i * 15_000, i)
    // 30 samples over 435 s: the range end is far, so nextAt moves to spread ~120-sample chunks.
    expect(c.mustCut(range * 100 + 1000 + 30 * 15_000)).toBe(false)
    expect(c.nextAt).toBeLessThan(range * 101)
    expect(c.nextAt - c.minTime).toBe(
      Math.trunc((range - 1000) / Math.floor((range - 1000) / ((435_000 + 1) * 4)))
    )
  })
})
