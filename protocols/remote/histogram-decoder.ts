/**
 * Decodes one native-histogram message, whose fields 1–16 are the same in remote write 1.0 and
 * 2.0 (field 17, the rc.4 start timestamp, exists only in 2.0 and is simply absent in 1.0).
 * Repeated scalars are accepted packed and unpacked, as protobuf requires of decoders.
 */
import type { DecodedHistogram } from "./decoded-write.ts"
import type { ProtoReader } from "./proto-reader.ts"

/** Reads a repeated scalar field occurrence (packed or one unpacked value) into `into`. */
const repeated = (r: ProtoReader, wire: number, into: number[], read: (r: ProtoReader) => number): void => {
  if (wire === 2) {
    const end = r.delimited()
    const outer = r.end
    r.end = end
    while (r.pos < end) into.push(read(r))
    r.end = outer
  } else into.push(read(r))
}
const readDouble = (r: ProtoReader) => r.double()
const readSint = (r: ProtoReader) => r.sint()

const spans = (r: ProtoReader, into: number[]): void => {
  const end = r.delimited()
  const outer = r.end
  r.end = end
  let offset = 0
  let length = 0
  while (r.pos < end) {
    const key = r.varint()
    if (key === 8) offset = r.sint()
    else if (key === 16) length = r.uint32()
    else r.skip(key & 7)
  }
  r.end = outer
  into.push(offset, length)
}

/** Decodes the histogram message in [r.pos, end); leaves r.pos at end. */
export const decodeHistogram = (r: ProtoReader, end: number, seriesIndex: number): DecodedHistogram => {
  const outer = r.end
  r.end = end
  const h = {
    seriesIndex,
    timestampMs: 0,
    startTimestampMs: 0,
    float: false,
    count: 0,
    sum: 0,
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    negativeSpans: [] as number[],
    negativeDeltas: [] as number[],
    negativeCounts: [] as number[],
    positiveSpans: [] as number[],
    positiveDeltas: [] as number[],
    positiveCounts: [] as number[],
    resetHint: 0,
    customValues: [] as number[]
  }
  while (r.pos < end) {
    const keyAt = r.pos
    const key = r.varint()
    const wire = key & 7
    switch (key >>> 3) {
      case 1:
        if (wire !== 0) break
        h.count = r.varint()
        continue
      case 2:
        if (wire !== 1) break
        h.count = r.double()
        h.float = true
        continue
      case 3:
        if (wire !== 1) break
        h.sum = r.double()
        continue
      case 4:
        if (wire !== 0) break
        h.schema = r.sint()
        continue
      case 5:
        if (wire !== 1) break
        h.zeroThreshold = r.double()
        continue
      case 6:
        if (wire !== 0) break
        h.zeroCount = r.varint()
        continue
      case 7:
        if (wire !== 1) break
        h.zeroCount = r.double()
        continue
      case 8:
        if (wire !== 2) break
        spans(r, h.negativeSpans)
        continue
      case 9:
        if (wire !== 2 && wire !== 0) break
        repeated(r, wire, h.negativeDeltas, readSint)
        continue
      case 10:
        if (wire !== 2 && wire !== 1) break
        repeated(r, wire, h.negativeCounts, readDouble)
        continue
      case 11:
        if (wire !== 2) break
        spans(r, h.positiveSpans)
        continue
      case 12:
        if (wire !== 2 && wire !== 0) break
        repeated(r, wire, h.positiveDeltas, readSint)
        continue
      case 13:
        if (wire !== 2 && wire !== 1) break
        repeated(r, wire, h.positiveCounts, readDouble)
        continue
      case 14:
        if (wire !== 0) break
        h.resetHint = r.varint()
        continue
      case 15:
        if (wire !== 0) break
        h.timestampMs = r.int64()
        continue
      case 16:
        if (wire !== 2 && wire !== 1) break
        repeated(r, wire, h.customValues, readDouble)
        continue
      case 17:
        if (wire !== 0) break
        h.startTimestampMs = r.int64()
        continue
    }
    r.skip(wire, keyAt)
  }
  r.end = outer
  return h
}
