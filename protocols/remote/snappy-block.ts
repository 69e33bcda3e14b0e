/**
 * Snappy block format (never framed) for remote write/read bodies, through the `snappy` package's
 * block API. The declared uncompressed length is read and checked against a limit before anything
 * is allocated, so a tiny body claiming gigabytes costs nothing (ARCHITECTURE §4 hazards).
 */
import { compressSync, uncompressSync } from "snappy"

/** The uvarint length prefix of a snappy block, or undefined when malformed. */
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

export const uncompressBlock = (b: Uint8Array, maxBytes: number): Uncompressed => {
  const n = b.length === 0 ? undefined : declaredLength(b)
  if (n === undefined) return { ok: false, error: "snappy: corrupt input" }
  if (n > maxBytes)
    return { ok: false, error: `snappy: decoded length ${n} exceeds the limit of ${maxBytes} bytes` }
  try {
    return { ok: true, bytes: uncompressSync(Buffer.from(b.buffer, b.byteOffset, b.byteLength)) as Buffer }
  } catch {
    return { ok: false, error: "snappy: corrupt input" }
  }
}

export const compressBlock = (b: Uint8Array): Uint8Array =>
  compressSync(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
