import { describe, expect, it } from "vitest"
import {
  compressBlock,
  declaredLength,
  snappyDecodedBytesMaxDefault,
  uncompressBlock
} from "./snappy-block.ts"

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"))
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex")

// The spec's remote write 1.0 test vector (§2.3) and its snappy block.
const vector = "0a2c0a0e0a085f5f6e616d655f5f120275700a080a036a6f62120161121009000000000000f03f1080d095ffbc31"
const vectorBlock = "2eb4" + vector

describe("snappy block format", () => {
  it("compresses the spec vector to the bytes Prometheus accepts, and back", () => {
    expect(toHex(compressBlock(hex(vector)))).toBe(vectorBlock)
    const r = uncompressBlock(hex(vectorBlock))
    expect(r.ok && toHex(r.bytes)).toBe(vector)
  })
  it("the empty message is the single byte 00", () => {
    expect(toHex(compressBlock(new Uint8Array(0)))).toBe("00")
    const r = uncompressBlock(hex("00"))
    expect(r.ok && r.bytes.length).toBe(0)
  })
  it("round-trips 1 MiB of mixed bytes", () => {
    const big = new Uint8Array(1 << 20)
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 27
    const r = uncompressBlock(compressBlock(big))
    expect(r.ok && Buffer.compare(r.bytes, big)).toBe(0)
  })
  it.each([
    ["a zero-length body", "", "snappy: corrupt input: empty body"],
    [
      "a length prefix longer than 5 bytes",
      "8080808080",
      "snappy: corrupt input: bad length prefix at byte 0"
    ],
    [
      "a length prefix of 2^32",
      "8080808010",
      `snappy: decoded length 4294967296 exceeds the limit of 33554432 bytes`
    ],
    ["a body cut inside its length prefix", "ff", "snappy: corrupt input: bad length prefix at byte 0"]
  ])("rejects %s", (_, body, error) => expect(uncompressBlock(hex(body))).toEqual({ ok: false, error }))
  it("rejects framed snappy and uncompressed protobuf as corrupt", () => {
    const framed = hex("ff060000734e61507059")
    const f = uncompressBlock(framed)
    expect(f.ok).toBe(false)
    expect(!f.ok && f.error).toMatch(/^snappy: /)
    const raw = uncompressBlock(hex(vector))
    expect(raw.ok).toBe(false)
    expect(!raw.ok && raw.error).toMatch(/^snappy: corrupt input/)
  })
  it("refuses a length bomb from its prefix alone, before allocating", () => {
    // 7 bytes that claim 4 GiB − 1 of output: varint ffffffff0f, then a literal tag.
    const bomb = hex("ffffffff0f0000")
    expect(declaredLength(bomb)).toBe(2 ** 32 - 1)
    const before = process.memoryUsage().arrayBuffers
    const t0 = performance.now()
    for (let i = 0; i < 1000; i++) {
      expect(uncompressBlock(bomb)).toEqual({
        ok: false,
        error: `snappy: decoded length 4294967295 exceeds the limit of ${snappyDecodedBytesMaxDefault} bytes`
      })
    }
    // A thousand refusals take well under a second and hold no big buffer (an allocation would be GiBs).
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024)
  })
  it("honours a caller's lower limit, and accepts exactly the limit", () => {
    const body = compressBlock(new Uint8Array(1000))
    expect(uncompressBlock(body, 999)).toEqual({
      ok: false,
      error: "snappy: decoded length 1000 exceeds the limit of 999 bytes"
    })
    expect(uncompressBlock(body, 1000).ok).toBe(true)
  })
})
