/**
 * Framing of streamed remote-read responses (`STREAMED_XOR_CHUNKS`, spec §2.5). Each frame is
 *
 *   ┌──────────────────────┬────────────────────────────┬───────────────────────────────┐
 *   │ uvarint len(message) │ CRC-32C(message), 4 bytes  │ message: one ChunkedReadResponse│
 *   │ 1–10 bytes (LEB128)  │ big-endian, over msg only  │ protobuf, NOT snappy-compressed │
 *   └──────────────────────┴────────────────────────────┴───────────────────────────────┘
 *
 * This module frames and unframes opaque messages: `encodeFrame` for a server, `FrameReader` for a
 * client reading a body as it streams in. It checks lengths (against a limit, before buffering)
 * and checksums; it does not decode the protobuf inside (see read-response-decoder.ts).
 */
import { crc32c } from "../encoding/crc32c.ts"
import { DecodeError } from "./proto-reader.ts"

/**
 * Default cap on one frame's message. Prometheus closes a frame once it passes
 * --storage.remote.read-max-bytes-in-frame (1 MiB) and may overshoot by one chunk.
 */
export const frameBytesMaxDefault = 16 * 1024 * 1024

/** uvarint length + big-endian CRC-32C + message. */
export const encodeFrame = (message: Uint8Array): Uint8Array => {
  const head: number[] = []
  let n = message.length
  while (n >= 0x80) {
    head.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  head.push(n)
  const frame = new Uint8Array(head.length + 4 + message.length)
  frame.set(head)
  new DataView(frame.buffer).setUint32(head.length, crc32c(message), false)
  frame.set(message, head.length + 4)
  return frame
}

/**
 * Incremental frame reader: `push` bytes as they arrive, then call `next` until it returns
 * undefined (needs more bytes). A DecodeError (oversized frame, checksum mismatch, bad length) is
 * final: the stream cannot be resynchronised. Offsets in errors count from the start of the stream.
 */
export class FrameReader {
  private buf = new Uint8Array(0)
  private start = 0
  private end = 0
  /** Stream offset of buf[0]. */
  private base = 0
  private frames = 0
  private readonly frameBytesMax: number

  constructor(frameBytesMax = frameBytesMaxDefault) {
    this.frameBytesMax = frameBytesMax
  }

  push(bytes: Uint8Array): void {
    if (this.end + bytes.length > this.buf.length) {
      // Move what is held to the front; grow only when it still does not fit.
      const held = this.end - this.start
      const need = held + bytes.length
      if (need <= this.buf.length) this.buf.copyWithin(0, this.start, this.end)
      else {
        const next = new Uint8Array(Math.max(this.buf.length * 2, need, 4096))
        next.set(this.buf.subarray(this.start, this.end))
        this.buf = next
      }
      this.base += this.start
      this.start = 0
      this.end = held
    }
    this.buf.set(bytes, this.end)
    this.end += bytes.length
  }

  /** The next complete frame's message (a copy the caller owns), undefined if incomplete, or an error. */
  next(): Uint8Array | undefined | DecodeError {
    const b = this.buf
    let pos = this.start
    let n = 0
    let mul = 1
    for (let i = 0; ; i++) {
      if (pos >= this.end) return undefined
      if (i === 10)
        return new DecodeError(
          `frame ${this.frames}: length varint longer than 10 bytes`,
          this.base + this.start
        )
      const byte = b[pos++]
      n += (byte & 0x7f) * mul
      if (byte < 0x80) break
      mul *= 128
    }
    if (n > this.frameBytesMax)
      return new DecodeError(
        `frame ${this.frames}: message length ${n} exceeds the limit of ${this.frameBytesMax} bytes`,
        this.base + this.start
      )
    if (pos + 4 + n > this.end) return undefined
    const expected = ((b[pos] << 24) | (b[pos + 1] << 16) | (b[pos + 2] << 8) | b[pos + 3]) >>> 0
    const actual = crc32c(b, pos + 4, pos + 4 + n)
    if (expected !== actual)
      return new DecodeError(
        `frame ${this.frames}: checksum mismatch (frame says 0x${expected.toString(16).padStart(8, "0")}, message has 0x${actual.toString(16).padStart(8, "0")})`,
        this.base + this.start
      )
    const message = b.slice(pos + 4, pos + 4 + n)
    this.start = pos + 4 + n
    this.frames++
    return message
  }

  /** Call at the end of the stream: an error if a partial frame is left over. */
  finish(): DecodeError | undefined {
    return this.start === this.end
      ? undefined
      : new DecodeError(
          `frame ${this.frames}: stream ended inside a frame (${this.end - this.start} bytes left)`,
          this.base + this.start
        )
  }
}

/** Splits a whole body into frame messages. */
export const decodeFrames = (
  body: Uint8Array,
  frameBytesMax = frameBytesMaxDefault
): Uint8Array[] | DecodeError => {
  const reader = new FrameReader(frameBytesMax)
  reader.push(body)
  const out: Uint8Array[] = []
  for (;;) {
    const m = reader.next()
    if (m instanceof DecodeError) return m
    if (m === undefined) break
    out.push(m)
  }
  return reader.finish() ?? out
}
