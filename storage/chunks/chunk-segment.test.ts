import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { formatG } from "../../protocols/metrics/go-float.ts"
import { formatLabelsPlain } from "../labels/labels-format.ts"
import { ChunkEncoding } from "./chunk-encoding.ts"
import {
  ChunkSegmentError,
  chunkRef,
  encodeChunkRecord,
  readChunkRecord,
  readChunkSegment,
  segmentHeader
} from "./chunk-segment.ts"
import { XorAppender, XorIterator } from "./xor-chunk.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const blocks = readdirSync(join(fixtures, "data")).sort()
const floatsOnly = new Set<number>([ChunkEncoding.xor])

describe("CRC-32C", () => {
  const bytes = (n: number, f: (i: number) => number) => Uint8Array.from({ length: n }, (_, i) => f(i))
  it.each<[string, Uint8Array, number]>([
    ["empty", new Uint8Array(0), 0],
    ['"a"', new TextEncoder().encode("a"), 0xc1d04330],
    ['"123456789" (check value)', new TextEncoder().encode("123456789"), 0xe3069283],
    // RFC 3720 (iSCSI) appendix B.4 vectors.
    ["32 × 0x00", bytes(32, () => 0), 0x8a9136aa],
    ["32 × 0xff", bytes(32, () => 0xff), 0x62a8ab43],
    ["0x00..0x1f", bytes(32, (i) => i), 0x46dd794e],
    ["0x1f..0x00", bytes(32, (i) => 31 - i), 0x113fdb5c]
  ])("of %s", (_n, data, want) => expect(crc32c(data)).toBe(want))

  it("continues a previous result across a split", () => {
    const data = new TextEncoder().encode("123456789")
    expect(crc32c(data, 4, 9, crc32c(data, 0, 4))).toBe(0xe3069283)
  })
})

/** dump.txt lines by series: `{labels} value timestamp`, in dump order. */
const dump = (() => {
  const bySeries = new Map<string, string[]>()
  for (const line of readFileSync(join(fixtures, "dump.txt"), "utf8").split("\n")) {
    const m = line.match(/^(\{.*\}) (\S+) (-?\d+)$/)
    if (!m) continue
    const list = bySeries.get(m[1]) ?? []
    list.push(`${m[3]} ${m[2]}`)
    bySeries.set(m[1], list)
  }
  return bySeries
})()

interface FixtureChunk {
  readonly offset: number
  readonly numSamples: number
  readonly legacyTrailingZeroByte: boolean
}
const structure = JSON.parse(readFileSync(join(fixtures, "structure.json"), "utf8")) as {
  blocks: Record<string, { series: Array<{ labels: Array<[string, string]>; chunks: FixtureChunk[] }> }>
}

/** Decodes one chunk into `t value` lines (Go's %g, like promtool dump) and its exact bit samples. */
const decodeChunk = (data: Uint8Array, it: XorIterator) => {
  it.reset(data)
  const lines: string[] = []
  const bits: Array<[number, number, number]> = []
  while (it.next()) {
    lines.push(`${it.timeMs} ${formatG(it.value)}`)
    bits.push([it.timeMs, it.valueHi, it.valueLo])
  }
  return { lines, bits }
}

describe("chunk segments written by promtool 2.42 (fixture blocks)", () => {
  it("has the two fixture blocks", () =>
    expect(blocks).toEqual(["01M86DMW5XJ5D6DENGZM7ATF6F", "01M86DMW78AN7YAF2QQZHC97JD"]))

  it("walks every record of every segment: CRCs verify, data decodes to dump.txt's samples, re-encoding gives the same bytes", () => {
    const it = new XorIterator()
    const decoded: string[] = []
    let legacy = 0
    for (const ulid of blocks) {
      const meta = JSON.parse(readFileSync(join(fixtures, "data", ulid, "meta.json"), "utf8"))
      const file = new Uint8Array(readFileSync(join(fixtures, "data", ulid, "chunks", "000001")))
      const records = readChunkSegment(file, floatsOnly)
      if (records instanceof ChunkSegmentError) throw new Error(records.message)
      expect(records.length).toBe(meta.stats.numChunks)
      let samples = 0
      for (const r of records) {
        const { lines, bits } = decodeChunk(r.data, it)
        samples += lines.length
        decoded.push(...lines)
        // Re-encode from the exact bits: the same bytes as promtool, including 2.x's trailing byte.
        const a = new XorAppender()
        for (const [t, hi, lo] of bits) a.appendBits(t, hi, lo)
        const again = a.bytes({ legacyTrailingZeroByte: true })
        expect(Buffer.from(again).toString("hex"), `record at ${r.offset}`).toBe(
          Buffer.from(r.data).toString("hex")
        )
        // Without the quirk, the same bytes minus that one trailing zero.
        const modern = a.bytes()
        if (modern.length !== r.data.length) {
          legacy++
          expect(modern.length).toBe(r.data.length - 1)
          expect(r.data[r.data.length - 1]).toBe(0)
        }
        // And the whole record, framing and CRC included.
        expect(Buffer.compare(encodeChunkRecord(r.encoding, again), file.subarray(r.offset, r.end))).toBe(0)
      }
      expect(samples).toBe(meta.stats.numSamples)
      expect(records[records.length - 1].end).toBe(file.length)
    }
    // structure.json flags 5 of the 39 chunks with the legacy trailing byte.
    expect(legacy).toBe(5)
    const expected = [...dump.values()].flat()
    expect(decoded.length).toBe(expected.length)
    expect(decoded.sort()).toEqual(expected.sort())
  })

  it("matches dump.txt series by series (records located through structure.json's chunk offsets)", () => {
    const it = new XorIterator()
    const got = new Map<string, string[]>()
    for (const ulid of blocks) {
      const file = new Uint8Array(readFileSync(join(fixtures, "data", ulid, "chunks", "000001")))
      for (const s of structure.blocks[ulid].series) {
        const key = formatLabelsPlain(s.labels.flat())
        const list = got.get(key) ?? []
        for (const c of s.chunks) {
          const r = readChunkRecord(file, c.offset, floatsOnly)
          if (r instanceof ChunkSegmentError) throw new Error(r.message)
          const { lines } = decodeChunk(r.data, it)
          expect(lines.length).toBe(c.numSamples)
          list.push(...lines)
        }
        got.set(key, list)
      }
    }
    expect([...got.keys()].sort()).toEqual([...dump.keys()].sort())
    for (const [key, lines] of got) expect(lines, key).toEqual(dump.get(key))
  })
})

describe("corrupt or foreign segments are named by offset", () => {
  const a = new XorAppender()
  a.append(1000, 1)
  a.append(2000, 2)
  const record = encodeChunkRecord(ChunkEncoding.xor, a.bytes())
  const segment = (...records: Uint8Array[]) => Buffer.concat([segmentHeader(), ...records])

  it("reads back what it frames", () => {
    const recs = readChunkSegment(segment(record, record))
    if (recs instanceof ChunkSegmentError) throw new Error(recs.message)
    expect(recs.map((r) => r.offset)).toEqual([8, 8 + record.length])
    expect(Buffer.from(recs[1].data).equals(Buffer.from(a.bytes()))).toBe(true)
  })

  it.each<[string, () => Uint8Array, string]>([
    [
      "short file",
      () => new Uint8Array(3),
      "chunk segment corrupt at offset 0: file has 3 bytes, shorter than the 8-byte header"
    ],
    [
      "wrong magic",
      () => Uint8Array.from([0xba, 0xaa, 0xd7, 0, 1, 0, 0, 0]),
      "chunk segment corrupt at offset 0: magic 0xbaaad700, expected 0x85bd40dd"
    ],
    [
      "wrong version",
      () => Uint8Array.from([0x85, 0xbd, 0x40, 0xdd, 2, 0, 0, 0]),
      "chunk segment corrupt at offset 4: format version 2, expected 1"
    ],
    [
      "flipped data bit",
      () => {
        const s = segment(record)
        s[12] ^= 1
        return s
      },
      `chunk segment corrupt at offset 8: checksum mismatch: stored 0x${Buffer.from(record.subarray(record.length - 4)).toString("hex")}, computed 0x`
    ],
    [
      "truncated record",
      () => segment(record).subarray(0, 8 + record.length - 1),
      `chunk segment corrupt at offset 8: record of ${a.bytes().length} data bytes runs past the end of the file (${8 + record.length - 1} bytes)`
    ],
    [
      "histogram chunk for a float reader",
      () => segment(encodeChunkRecord(ChunkEncoding.histogram, new Uint8Array([0, 1, 0x40]))),
      "chunk segment corrupt at offset 8: unsupported chunk encoding 2 (histogram)"
    ],
    [
      "unknown encoding",
      () => segment(encodeChunkRecord(9, new Uint8Array([0, 0]))),
      "chunk segment corrupt at offset 8: unsupported chunk encoding 9 (unknown(9))"
    ]
  ])("%s", (_n, make, message) => {
    const r = readChunkSegment(make(), floatsOnly)
    expect(r).toBeInstanceOf(ChunkSegmentError)
    expect((r as ChunkSegmentError).message.startsWith(message)).toBe(true)
  })

  it("refuses references outside the file", () => {
    const s = segment(record)
    expect((readChunkRecord(s, 4) as ChunkSegmentError).message).toBe(
      `chunk segment corrupt at offset 4: record offset outside the file (${s.length} bytes)`
    )
  })

  it("builds chunk references from the 0-based segment position", () => {
    expect(chunkRef(0, 8)).toBe(8n)
    expect(chunkRef(1, 0x34f)).toBe(0x1_0000_034fn)
  })
})
