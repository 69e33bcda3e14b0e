/**
 * Snappy block format (never the framed format) for remote write bodies, remote read requests and
 * SAMPLES responses (spec §2.1), through the `snappy` package's block API. The declared
 * uncompressed length (the block's uvarint prefix) is checked against a limit before anything is
 * allocated, so a tiny body claiming gigabytes costs nothing (ARCHITECTURE §4 hazards: Prometheus
 * 2.42 spends seconds and gigabytes on one). It does not parse the protobuf inside.
 */
import { compressSync, uncompressSync } from "snappy"

/** Default cap on a decoded body; Prometheus caps remote-read request decoding at the same 32 MiB. */
export const snappyDecodedBytesMaxDefault = 32 * 1024 * 1024

/**
 * The uvarint length prefix of a snappy block, or undefined when it is missing or malformed.
 * Snappy limits blocks to 2^32 − 1 bytes, so the prefix has at most 5 bytes; a 5-byte prefix
 * claiming more is still returned, for the limit check to reject with the number in the message.
 */
export const declaredLength = (b: Uint8Array): number | undefined => {
  let v = 0
  let mul = 1
  for (let i = 0; i < 5 && i < b.length; i++) {
    v += (b[i] & 0x7f) * mul
    if (b[i] < 0x80) return v
    mul *= 128
  }
  return undefined
}

export type Uncompressed =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly error: string }

/**
 * Decodes one snappy block of at most `maxBytes` decoded bytes. The error texts start with
 * "snappy: corrupt input", as Prometheus answers (400) for empty, framed or uncompressed bodies.
 */
export const uncompressBlock = (b: Uint8Array, maxBytes = snappyDecodedBytesMaxDefault): Uncompressed => {
  const n = declaredLength(b)
  if (n === undefined)
    return {
      ok: false,
      error:
        b.length === 0
          ? "snappy: corrupt input: empty body"
          : "snappy: corrupt input: bad length prefix at byte 0"
    }
  if (n > maxBytes)
    return { ok: false, error: `snappy: decoded length ${n} exceeds the limit of ${maxBytes} bytes` }
  try {
    const out = uncompressSync(Buffer.from(b.buffer, b.byteOffset, b.byteLength)) as Buffer
    return { ok: true, bytes: out }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return {
      ok: false,
      error: why.startsWith("snappy: corrupt input") ? why : `snappy: corrupt input: ${why}`
    }
  }
}

export const compressBlock = (b: Uint8Array): Uint8Array =>
  compressSync(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
