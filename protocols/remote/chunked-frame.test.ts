import { describe, expect, it } from "vitest"
import { crc32c } from "../encoding/crc32c.ts"
import { prometheus } from "../gen/prometheus.js"
import { decodeFrames, encodeFrame, FrameReader } from "./chunked-frame.ts"
import { DecodeError } from "./proto-reader.ts"
import { decodeChunkedReadResponse } from "./read-response-decoder.ts"

const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex")

/** A ChunkedReadResponse encoded by the generated code: one series, `chunks` fake XOR chunks. */
const message = (queryIndex: number, name: string, chunks: number) =>
  prometheus.ChunkedReadResponse.encode({
    chunkedSeries: [
      {
        labels: [
          { name: "__name__", value: name },
          { name: "job", value: "j" }
        ],
        chunks: Array.from({ length: chunks }, (_, i) => ({
          minTimeMs: 1700000000000 + i * 120_000,
          maxTimeMs: 1700000000000 + i * 120_000 + 119_000,
          type: 1,
          data: Uint8Array.from({ length: 40 + i }, (_, j) => (i * 31 + j) & 0xff)
        }))
      }
    ],
    queryIndex
  }).finish()

describe("streamed remote read frames", () => {
  it("lays out a frame as uvarint length, big-endian CRC-32C, message", () => {
    // CRC-32C check value: crc32c("123456789") = 0xe3069283.
    const msg = new TextEncoder().encode("123456789")
    expect(crc32c(msg).toString(16)).toBe("e3069283")
    expect(toHex(encodeFrame(msg))).toBe("09" + "e3069283" + toHex(msg))
    // A 300-byte message has a 2-byte length prefix (ac 02).
    expect(toHex(encodeFrame(new Uint8Array(300)).subarray(0, 2))).toBe("ac02")
  })

  it("round-trips ChunkedReadResponse frames (generated encoder, hand decoder)", () => {
    const msgs = [message(0, "a", 1), message(0, "b", 3), message(1, "a", 200)]
    const body = Buffer.concat(msgs.map(encodeFrame))
    const frames = decodeFrames(body)
    if (frames instanceof DecodeError) throw frames
    expect(frames.map(toHex)).toEqual(msgs.map(toHex))
    const third = decodeChunkedReadResponse(frames[2])
    if (third instanceof DecodeError) throw third
    expect(third.queryIndex).toBe(1)
    expect(third.series[0].labels).toEqual(["__name__", "a", "job", "j"])
    expect(third.series[0].chunks).toHaveLength(200)
    const c = third.series[0].chunks[199]
    expect([c.minTimeMs, c.maxTimeMs, c.type, c.data.length]).toEqual([
      1700000000000 + 199 * 120_000,
      1700000000000 + 199 * 120_000 + 119_000,
      1,
      239
    ])
    expect(c.data[1]).toBe((199 * 31 + 1) & 0xff)
  })

  it("reads frames however the stream is split, one byte at a time included", () => {
    const msgs = [message(0, "x", 2), message(2, "y", 5)]
    const body = Buffer.concat(msgs.map(encodeFrame))
    for (const step of [1, 3, 7, 64, body.length]) {
      const reader = new FrameReader()
      const got: string[] = []
      for (let i = 0; i < body.length; i += step) {
        reader.push(body.subarray(i, i + step))
        for (let m = reader.next(); m !== undefined; m = reader.next()) {
          if (m instanceof DecodeError) throw m
          got.push(toHex(m))
        }
      }
      expect(reader.finish()).toBeUndefined()
      expect(got, `step ${step}`).toEqual(msgs.map(toHex))
    }
  })

  it("detects a corrupted frame by its checksum and names the frame and offset", () => {
    const first = encodeFrame(message(0, "a", 1))
    const second = encodeFrame(message(0, "b", 1))
    const body = Buffer.concat([first, second])
    body[first.length + 20] ^= 0x01 // flip one bit inside the second message
    const r = decodeFrames(body)
    expect(r).toBeInstanceOf(DecodeError)
    expect((r as DecodeError).message).toMatch(
      new RegExp(
        `^frame 1: checksum mismatch \\(frame says 0x[0-9a-f]{8}, message has 0x[0-9a-f]{8}\\) at byte ${first.length}$`
      )
    )
    // A flipped checksum byte is caught the same way.
    const bad = Buffer.from(first)
    bad[2] ^= 0x80
    expect((decodeFrames(bad) as DecodeError).message).toMatch(/^frame 0: checksum mismatch/)
  })

  it("refuses an oversized frame from its length prefix, and a stream that ends inside a frame", () => {
    const reader = new FrameReader(1024)
    reader.push(Uint8Array.of(0x81, 0x08)) // claims 1025 bytes
    const e = reader.next()
    expect(e).toBeInstanceOf(DecodeError)
    expect((e as DecodeError).message).toBe(
      "frame 0: message length 1025 exceeds the limit of 1024 bytes at byte 0"
    )
    const frame = encodeFrame(message(0, "a", 1))
    const cut = decodeFrames(frame.subarray(0, frame.length - 1))
    expect((cut as DecodeError).message).toBe(
      `frame 0: stream ended inside a frame (${frame.length - 1} bytes left) at byte 0`
    )
    expect(decodeFrames(new Uint8Array(0))).toEqual([])
  })

  it("decoding a frame's message reports damage with the series index", () => {
    const msg = message(0, "a", 2)
    const r = decodeChunkedReadResponse(msg.subarray(0, msg.length - 5))
    expect(r).toBeInstanceOf(DecodeError)
    expect((r as DecodeError).message).toMatch(/^ChunkedReadResponse\.chunked_series\[0\]: truncated/)
  })
})
