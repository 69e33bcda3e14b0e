import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { bitsOf, isStaleMarker, staleMarker } from "../../protocols/values/special-nans.ts"
import { crc32c } from "./crc32c.ts"
import { XorAppender, XorIterator } from "./xor-chunk.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")

const roundTrip = (samples: Array<[number, number]>) => {
  const a = new XorAppender()
  for (const [t, v] of samples) a.append(t, v)
  const it = new XorIterator(a.bytes())
  const out: Array<[number, number]> = []
  while (it.next()) out.push([it.timeMs, it.value])
  return out
}

describe("CRC-32C", () => {
  it.each([
    ["", 0],
    ["a", 0xc1d04330],
    ["123456789", 0xe3069283]
  ])("of %j", (s, want) => expect(crc32c(new TextEncoder().encode(s))).toBe(want))
})

describe("XOR chunks", () => {
  it.each<[string, Array<[number, number]>]>([
    ["one sample", [[1000, 1.5]]],
    [
      "regular counter",
      Array.from({ length: 120 }, (_, i) => [1672534800000 + i * 15_000, i * 3] as [number, number])
    ],
    [
      "every dod bucket edge",
      [0, 15000, 30000, 53192, 76383, 91383, 122574, 219110, 250110, 346647, 968159, 1065191].map(
        (t, i) => [t, i] as [number, number]
      )
    ],
    [
      "negative and huge jumps",
      [
        [-5000, -1],
        [1, 2],
        [1e12, 3],
        [1e12 + 1, -0],
        [2e12, Number.POSITIVE_INFINITY],
        [2e12 + 7, Number.NEGATIVE_INFINITY]
      ]
    ],
    [
      "gauge noise",
      Array.from({ length: 200 }, (_, i) => [i * 1000, Math.sin(i) * 1e6 + 1e-9 * i] as [number, number])
    ],
    [
      "ulp steps",
      [
        [0, 1],
        [1, 1.0000000000000002],
        [2, 1],
        [3, 5e-324]
      ]
    ]
  ])("round-trips %s exactly", (_n, samples) => {
    const got = roundTrip(samples)
    expect(got.map(([t]) => t)).toEqual(samples.map(([t]) => t))
    expect(got.map(([, v]) => bitsOf(v))).toEqual(samples.map(([, v]) => bitsOf(v)))
  })
  it("keeps NaN and the staleness marker apart, bit for bit", () => {
    const got = roundTrip([
      [0, 1],
      [1, Number.NaN],
      [2, staleMarker],
      [3, 2]
    ])
    expect(bitsOf(got[1][1])).toBe(0x7ff8000000000001n)
    expect(isStaleMarker(got[2][1])).toBe(true)
    expect(isStaleMarker(got[1][1])).toBe(false)
  })
})

interface FixtureChunk {
  offset: number
  encoding: number
  dataLen: number
  numSamples: number
  crc32c: string
  minTime: number
  maxTime: number
  legacyTrailingZeroByte: boolean
}
interface FixtureSeries {
  labels: Array<[string, string]>
  chunks: FixtureChunk[]
}

/** dump.txt: `{labels} value timestamp` per line; values as Go prints them. */
const dump = (() => {
  const bySeries = new Map<string, Array<[number, string]>>()
  for (const line of readFileSync(join(fixtures, "dump.txt"), "utf8").split("\n")) {
    const m = line.match(/^(\{.*\}) (\S+) (\d+)$/)
    if (!m) continue
    const list = bySeries.get(m[1]) ?? []
    list.push([Number(m[3]), m[2]])
    bySeries.set(m[1], list)
  }
  return bySeries
})()

const goValue = (v: number) => {
  if (Number.isNaN(v)) return "NaN"
  if (v === Number.POSITIVE_INFINITY) return "+Inf"
  if (v === Number.NEGATIVE_INFINITY) return "-Inf"
  return v
}

describe("XOR chunks written by promtool (fixture blocks)", () => {
  const structure = JSON.parse(readFileSync(join(fixtures, "structure.json"), "utf8")) as {
    blocks: Record<string, { series: FixtureSeries[] }>
  }
  for (const [ulid, block] of Object.entries(structure.blocks)) {
    it(`decodes every chunk of ${ulid} to dump.txt's samples and re-encodes the same bytes`, () => {
      const file = readFileSync(join(fixtures, "data", ulid, "chunks", "000001"))
      let chunks = 0
      for (const s of block.series) {
        const key = `{${s.labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}}`
        const expected = (dump.get(key) ?? []).filter(
          ([t]) => t >= s.chunks[0].minTime && t <= s.chunks[s.chunks.length - 1].maxTime
        )
        const got: Array<[number, number]> = []
        for (const c of s.chunks) {
          chunks++
          // record: uvarint len, encoding byte, data, BE32 CRC over encoding + data
          let p = c.offset
          let len = 0
          for (let shift = 1; ; shift *= 128) {
            const b = file[p++]
            len += (b & 0x7f) * shift
            if (b < 0x80) break
          }
          expect(len).toBe(c.dataLen)
          expect(file[p]).toBe(c.encoding)
          const data = file.subarray(p + 1, p + 1 + len)
          const crc = file.readUInt32BE(p + 1 + len)
          expect(crc.toString(16).padStart(8, "0")).toBe(c.crc32c)
          expect(crc32c(file, p, p + 1 + len)).toBe(crc)
          const it = new XorIterator(data)
          const samples: Array<[number, number]> = []
          while (it.next()) samples.push([it.timeMs, it.value])
          expect(samples.length).toBe(c.numSamples)
          got.push(...samples)
          const a = new XorAppender()
          for (const [t, v] of samples) a.append(t, v)
          const again = a.bytes()
          const original = c.legacyTrailingZeroByte ? data.subarray(0, data.length - 1) : data
          expect(Buffer.from(again).toString("hex")).toBe(Buffer.from(original).toString("hex"))
        }
        expect(got.length).toBe(expected.length)
        for (let i = 0; i < got.length; i++) {
          expect(got[i][0]).toBe(expected[i][0])
          const want = expected[i][1]
          const v = goValue(got[i][1])
          if (typeof v === "string") expect(v).toBe(want)
          else expect(v).toBe(Number(want))
        }
      }
      expect(chunks).toBeGreaterThan(10)
    })
  }
})
