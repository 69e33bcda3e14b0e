/**
 * What a write-ahead log entry holds: one remote-write 1.0 WriteRequest, either as protobuf bytes
 * (the first byte is a field key: 0x0a timeseries, 0x1a metadata) or, after the marker byte 0x01,
 * as the snappy block a client sent (logged without decoding or encoding anything again).
 */
import { uncompressBlock } from "./snappy-block.ts"

export const snappyEntryMarker = 0x01

/** A log entry holding a snappy-compressed WriteRequest as received. */
export const snappyEntry = (compressed: Uint8Array): Uint8Array => {
  const out = new Uint8Array(compressed.length + 1)
  out[0] = snappyEntryMarker
  out.set(compressed, 1)
  return out
}

/** The entry's WriteRequest protobuf bytes, or why it cannot be read. */
export const entryWriteRequest = (data: Uint8Array, maxDecodedBytes?: number): Uint8Array | string => {
  if (data.length === 0 || data[0] !== snappyEntryMarker) return data
  const r = uncompressBlock(data.subarray(1), maxDecodedBytes)
  return r.ok ? r.bytes : r.error
}
