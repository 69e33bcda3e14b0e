import { describe, expect, it } from "vitest"
import { staleMarker } from "../../protocols/values/special-nans.ts"
import { BitReader, BitWriter } from "./bit-stream.ts"
import { chunkBytesMax, samplesPerChunk } from "./chunk-encoding.ts"
import { XorAppender, XorIterator, xorIterator } from "./xor-chunk.ts"

type Sample = [t: number, bits: bigint]

const bitsOfFloat = (v: number): bigint => {
  const dv = new DataView(new ArrayBuffer(8))
  dv.setFloat64(0, v)
  return dv.getBigUint64(0)
}

const encodeBits = (samples: ReadonlyArray<Sample>): XorAppender => {
  const a = new XorAppender()
  for (const [t, b] of samples) a.appendBits(t, Number(b >> 32n), Number(b & 0xffffffffn))
  return a
}

const decode = (data: Uint8Array, it = new XorIterator()): Sample[] => {
  it.reset(data)
  const out: Sample[] = []
  while (it.next()) out.push([it.timeMs, (BigInt(it.valueHi) << 32n) | BigInt(it.valueLo)])
  return out
}

const floats = (pairs: ReadonlyArray<[number, number]>): Sample[] =>
  pairs.map(([t, v]) => [t, bitsOfFloat(v)])

describe("bit stream", () => {
  it.each<[string, ReadonlyArray<[number, number]>]>([
    [
      "single bits",
      [
        [1, 1],
        [0, 1],
        [1, 1]
      ]
    ],
    [
      "byte-straddling fields",
      [
        [0b101, 3],
        [0xabcd, 16],
        [0x1ffff, 17],
        [0xffffffff, 32],
        [0, 5],
        [0x12345678, 31]
      ]
    ],
    [
      "whole bytes",
      [
        [0xff, 8],
        [0x01, 8],
        [0xdeadbeef, 32]
      ]
    ],
    [
      "every width",
      Array.from({ length: 32 }, (_, i) => [(0x9e3779b9 >>> (31 - i)) >>> 0, i + 1] as [number, number])
    ]
  ])("reads back %s", (_n, fields) => {
    const w = new BitWriter(8)
    for (const [v, n] of fields) w.writeBits(v, n)
    const r = new BitReader(w.view(), 0)
    for (const [v, n] of fields) expect(r.readBits(n)).toBe(n === 32 ? v >>> 0 : v & (2 ** n - 1))
    expect(r.hasBits(8)).toBe(false)
  })

  it("says when a field was whole bytes from a byte boundary", () => {
    const w = new BitWriter()
    w.writeBits(1, 8)
    expect(w.lastFieldAligned).toBe(true)
    w.writeBit(1)
    expect(w.lastFieldAligned).toBe(false)
    w.writeBits(0, 7)
    w.writeBits64(1, 2, 40)
    expect(w.lastFieldAligned).toBe(true)
    w.writeBits64(1, 2, 36)
    expect(w.lastFieldAligned).toBe(false)
  })

  it("throws at the end of the stream", () => {
    const r = new BitReader(new Uint8Array([0xff]), 0)
    expect(r.readBits(7)).toBe(0x7f)
    expect(() => r.readBits(2)).toThrow(RangeError)
  })
})

describe("XOR chunks round-trip bit for bit", () => {
  it.each<[string, Sample[]]>([
    ["one sample", floats([[1000, 1.5]])],
    ["regular counter", floats(Array.from({ length: 120 }, (_, i) => [1672534800000 + i * 15_000, i * 3]))],
    [
      "every dod bucket edge",
      floats(
        [0, 15000, 30000, 53192, 76383, 91383, 122574, 219110, 250110, 346647, 968159, 1065191].map(
          (t, i) => [t, i]
        )
      )
    ],
    [
      "dod bucket boundaries both sides",
      floats(
        [
          0, 8192, -8191, -8192, 8193, 65536, -65535, -65536, 65537, 524288, -524287, -524288, 524289, 1, -1
        ].reduce<Array<[number, number]>>(
          (acc, dod, i) => {
            const [t1, t0] = [acc[acc.length - 1][0], acc[acc.length - 2][0]]
            acc.push([t1 + (t1 - t0) + dod, i])
            return acc
          },
          [
            [1_000_000_000, 0],
            [1_000_015_000, 0]
          ]
        )
      )
    ],
    [
      "negative and huge timestamps",
      floats([
        [-5000, -1],
        [1, 2],
        [1e12, 3],
        [1e12 + 1, -0],
        [4e15, Number.POSITIVE_INFINITY],
        [4e15 + 7, Number.NEGATIVE_INFINITY]
      ])
    ],
    ["gauge noise", floats(Array.from({ length: 200 }, (_, i) => [i * 1000, Math.sin(i) * 1e6 + 1e-9 * i]))],
    [
      "extremes",
      floats([
        [0, 5e-324],
        [1, 1.7976931348623157e308],
        [2, -1.7976931348623157e308],
        [3, 2.2250738585072014e-308],
        [4, 0.1],
        [5, 0.30000000000000004]
      ])
    ],
    [
      "ulp steps (leading-zero clamp)",
      floats([
        [0, 1],
        [1, 1.0000000000000002],
        [2, 1],
        [3, 1.0000000000000002]
      ])
    ],
    [
      "NaN payloads kept verbatim by appendBits",
      [
        [0, 0x7ff0000000000002n],
        [1, 0x7ff8000000000001n],
        [2, 0x7ff0000000000001n],
        [3, 0xfff8000000000000n],
        [4, 0x8000000000000000n],
        [5, 0x0000000000000000n]
      ]
    ]
  ])("%s", (_n, samples) => {
    const a = encodeBits(samples)
    expect(a.count).toBe(samples.length)
    expect(decode(a.bytes())).toEqual(samples)
  })

  it("stores the staleness marker and other NaNs as Prometheus does", () => {
    const a = new XorAppender()
    a.append(0, 1)
    a.append(1, staleMarker)
    a.append(2, Number.NaN)
    a.append(3, 0 / 0)
    a.append(4, -0)
    expect(decode(a.bytes()).map(([, b]) => b.toString(16))).toEqual([
      "3ff0000000000000",
      "7ff0000000000002",
      "7ff8000000000001",
      "7ff8000000000001",
      "8000000000000000"
    ])
  })

  it("writes exactly the bits of the spec's worked example", () => {
    // §5.5: 1672534800000 → 0.0, +15 s → 1.0, +15 s → 2.0, then dod +8192 → 3.0.
    const a = new XorAppender()
    a.append(1672534800000, 0)
    a.append(1672534815000, 1)
    a.append(1672534830000, 2)
    a.append(1672534853192, 3)
    // The fixture continues with the next sample's bits where this chunk has zero padding
    // (…d8 0e there, …d8 0c here: 11 01100 000001 1 then 00).
    expect(Buffer.from(a.bytes()).toString("hex")).toBe(
      "0004" + "80dabdadad61" + "0000000000000000" + "9875" + "c457fe" + "c25fff" + "a000" + "d80c"
    )
  })
})

describe("XorAppender", () => {
  it(`is full at ${samplesPerChunk} samples`, () => {
    const a = new XorAppender()
    for (let i = 0; i < samplesPerChunk - 1; i++) a.append(i * 15_000, i)
    expect(a.full).toBe(false)
    a.append(1e9, 1)
    expect(a.full).toBe(true)
  })

  it(`is full past ${chunkBytesMax} bytes, before 120 samples for noisy values`, () => {
    const a = new XorAppender()
    let i = 0
    while (!a.full) a.append(i * 15_000 + ((i * 7919) % 1000), Math.sin(i++) * 1e300)
    expect(a.count).toBeLessThan(samplesPerChunk)
    expect(a.byteLength).toBeGreaterThan(chunkBytesMax)
  })

  it("reset starts a fresh chunk on the same buffer", () => {
    const a = new XorAppender()
    for (let i = 0; i < 50; i++) a.append(i, i * 1.5)
    a.reset()
    a.append(7, 7)
    expect(decode(a.bytes())).toEqual(floats([[7, 7]]))
    expect(a.minTime).toBe(7)
  })
})

describe("XorIterator", () => {
  const a = new XorAppender()
  for (let i = 0; i < 10; i++) a.append(1000 + i * 10, i)
  const data = a.bytes()

  it.each<[number[], Array<[boolean, number]>]>([
    [[0], [[true, 1000]]],
    [[1000], [[true, 1000]]],
    [[1001], [[true, 1010]]],
    [
      [1050, 1020],
      [
        [true, 1050],
        [true, 1050]
      ]
    ],
    [[1090], [[true, 1090]]],
    [[1091], [[false, 1090]]],
    [
      [1030, 1055, 1200],
      [
        [true, 1030],
        [true, 1060],
        [false, 1090]
      ]
    ]
  ])("seek %j", (targets, want) => {
    const it = new XorIterator(data)
    expect(targets.map((t) => [it.seek(t), it.timeMs])).toEqual(want)
  })

  it("is reused across chunks without leaking state", () => {
    const b = new XorAppender()
    b.append(5, 100)
    const it = new XorIterator()
    expect(decode(data, it).length).toBe(10)
    expect(decode(b.bytes(), it)).toEqual(floats([[5, 100]]))
    expect(xorIterator(data, it)).toBe(it)
    expect(it.next() && it.value).toBe(0)
  })

  it.each([
    ["no header", new Uint8Array([1])],
    ["count larger than the data", new Uint8Array([0, 5, 0x80])]
  ])("throws RangeError on %s", (_n, bytes) => {
    expect(() => {
      const it = new XorIterator(bytes)
      while (it.next()) {
        /* drain */
      }
    }).toThrow(RangeError)
  })
})
