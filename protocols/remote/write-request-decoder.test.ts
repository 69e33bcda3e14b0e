import { describe, expect, it } from "vitest"
import { bitsOf } from "../values/special-nans.ts"
import { compressBlock, uncompressBlock } from "./snappy-block.ts"
import { DecodeError, decodeWriteRequest } from "./write-request-decoder.ts"

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"))

describe("remote write 1.0 decoding", () => {
  it("decodes the spec's test vector", () => {
    const r = decodeWriteRequest(
      hex("0a2c0a0e0a085f5f6e616d655f5f120275700a080a036a6f62120161121009000000000000f03f1080d095ffbc31")
    )
    if (r instanceof DecodeError) throw r
    expect(r.series).toHaveLength(1)
    expect(r.series[0].labels).toEqual(["__name__", "up", "job", "a"])
    expect(r.series[0].timestamps).toEqual([1700000000000])
    expect([...r.series[0].values]).toEqual([1])
  })
  it("keeps the staleness marker's bytes", () => {
    // TimeSeries{labels:[__name__=m], samples:[{value: stale, timestamp: 1}]}
    const r = decodeWriteRequest(hex("0a1c0a0d0a085f5f6e616d655f5f12016d120b09020000000000f07f1001"))
    if (r instanceof DecodeError) throw r
    expect(bitsOf(r.series[0].values[0]) & 0x0007ffffffffffffn).toBe(2n)
  })
  it.each([
    ["0a2c0a0e", /truncated|past the end/],
    ["0a", /truncated varint at byte 1/],
    ["0b", /unsupported wire type 3/]
  ])("rejects %s with the byte offset", (h, message) => {
    const r = decodeWriteRequest(hex(h))
    expect(r).toBeInstanceOf(DecodeError)
    expect((r as DecodeError).message).toMatch(message)
  })
  it("uses snappy block format and refuses a length bomb before allocating", () => {
    const body = compressBlock(
      hex("0a2c0a0e0a085f5f6e616d655f5f120275700a080a036a6f62120161121009000000000000f03f1080d095ffbc31")
    )
    expect(Buffer.from(body).toString("hex")).toBe(
      "2eb40a2c0a0e0a085f5f6e616d655f5f120275700a080a036a6f62120161121009000000000000f03f1080d095ffbc31"
    )
    const bomb = hex("80808080100000") // claims 4 GiB
    const t0 = performance.now()
    expect(uncompressBlock(bomb, 32 * 1024 * 1024)).toEqual({
      ok: false,
      error: "snappy: decoded length 4294967296 exceeds the limit of 33554432 bytes"
    })
    expect(performance.now() - t0).toBeLessThan(50)
    expect(uncompressBlock(new Uint8Array(), 1024)).toEqual({ ok: false, error: "snappy: corrupt input" })
  })
})

describe("remote write 1.0 encoding", () => {
  it("encodes the spec's test vector byte for byte and round-trips stale markers", async () => {
    const { encodeWriteRequest } = await import("./write-request-encoder.ts")
    const one = encodeWriteRequest([
      { labels: ["__name__", "up", "job", "a"], timestamps: [1700000000000], values: new Float64Array([1]) }
    ])
    expect(Buffer.from(one).toString("hex")).toBe(
      "0a2c0a0e0a085f5f6e616d655f5f120275700a080a036a6f62120161121009000000000000f03f1080d095ffbc31"
    )
    const { staleMarker } = await import("../values/special-nans.ts")
    const v = new Float64Array([staleMarker, -1.5])
    const r = decodeWriteRequest(
      encodeWriteRequest([{ labels: ["__name__", "m"], timestamps: [1, -2], values: v }])
    )
    if (r instanceof DecodeError) throw r
    expect(bitsOf(r.series[0].values[0]) & 0x0007ffffffffffffn).toBe(2n)
    expect(r.series[0].values[1]).toBe(-1.5)
    expect(r.series[0].timestamps).toEqual([1, -2])
  })
})

describe("remote write 2.0 decoding", () => {
  it("decodes the spec's test vector (symbols, label refs, sample, metadata)", async () => {
    const { decodeWriteRequestV2 } = await import("./write-request-v2-decoder.ts")
    const r = decodeWriteRequestV2(
      hex(
        "220022085f5f6e616d655f5f2202757022036a6f622201612a1c0a0401020304121009000000000000f03f1080d095ffbc312a020802"
      )
    )
    if (r instanceof DecodeError) throw r
    expect(r.series[0].labels).toEqual(["__name__", "up", "job", "a"])
    expect(r.series[0].timestamps).toEqual([1700000000000])
    expect([...r.series[0].values]).toEqual([1])
    expect(r.metadata).toEqual([{ type: 2, family: "up", help: "", unit: "" }])
  })
  it.each([
    // symbols ["", "x"], series with refs [1, 7]: ref 7 is past the end
    ["2200220178" + "2a040a020107", "series 0: symbol reference 7 out of range (2 symbols)"],
    // first symbol not empty
    ["220178", 'symbols[0] must be the empty string, got "x"']
  ])("rejects %s: %s", async (h, message) => {
    const { decodeWriteRequestV2 } = await import("./write-request-v2-decoder.ts")
    const r = decodeWriteRequestV2(hex(h))
    expect(r).toBeInstanceOf(DecodeError)
    expect((r as DecodeError).message).toBe(message)
  })
})
