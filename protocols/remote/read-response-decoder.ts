/**
 * Client side of remote read (spec §2.5): decodes a SAMPLES `ReadResponse` (after snappy) and the
 * `ChunkedReadResponse` inside one STREAMED_XOR_CHUNKS frame (after chunked-frame.ts). Chunk data
 * is returned as-is (a view into the frame); decoding XOR chunks belongs to storage/chunks.
 */
import { DecodeError, ProtoReader } from "./proto-reader.ts"
import { type DecodedWriteRequest, toSeriesObjects, WriteRequestDecoder } from "./write-request-decoder.ts"

/** One QueryResult per query, in request order; each holds series with time-ordered samples. */
export const decodeReadResponse = (body: Uint8Array): DecodedWriteRequest[] | DecodeError => {
  // A QueryResult's only field (1, repeated TimeSeries) has the same number and layout as
  // WriteRequest.timeseries, so the write decoder reads it.
  const decoder = new WriteRequestDecoder()
  const results: DecodedWriteRequest[] = []
  const r = new ProtoReader(body)
  try {
    while (r.pos < r.end) {
      const keyAt = r.pos
      const key = r.varint()
      if (key === 0x0a) {
        const [s, e] = r.bytes()
        const d = decoder.decode(body.subarray(s, e))
        if (d instanceof DecodeError)
          return new DecodeError(`results[${results.length}].${d.what}`, d.offset < 0 ? -1 : d.offset + s)
        results.push(toSeriesObjects(d))
      } else r.skip(key & 7, keyAt)
    }
    return results
  } catch (e) {
    if (e instanceof DecodeError) return e.within("ReadResponse")
    throw e
  }
}

export interface ChunkedChunk {
  readonly minTimeMs: number
  readonly maxTimeMs: number
  /** Chunk.Encoding: 1 XOR, 2 HISTOGRAM, 3 FLOAT_HISTOGRAM, … */
  readonly type: number
  /** The TSDB chunk bytes, a view into the decoded message. */
  readonly data: Uint8Array
}

export interface ChunkedSeries {
  /** Flat name, value pairs, sorted by name as sent. */
  readonly labels: string[]
  readonly chunks: ChunkedChunk[]
}

export interface DecodedChunkedReadResponse {
  readonly series: ChunkedSeries[]
  readonly queryIndex: number
}

const chunk = (r: ProtoReader, end: number): ChunkedChunk => {
  let minTimeMs = 0
  let maxTimeMs = 0
  let type = 0
  let data: Uint8Array = new Uint8Array(0)
  while (r.pos < end) {
    const keyAt = r.pos
    const key = r.varint()
    if (key === 0x08) minTimeMs = r.int64()
    else if (key === 0x10) maxTimeMs = r.int64()
    else if (key === 0x18) type = r.varint()
    else if (key === 0x22) {
      const [s, e] = r.bytes()
      data = r.b.subarray(s, e)
    } else r.skip(key & 7, keyAt)
  }
  return { minTimeMs, maxTimeMs, type, data }
}

/** Decodes the message of one frame. */
export const decodeChunkedReadResponse = (message: Uint8Array): DecodedChunkedReadResponse | DecodeError => {
  const series: ChunkedSeries[] = []
  let queryIndex = 0
  const r = new ProtoReader(message)
  try {
    while (r.pos < r.end) {
      const keyAt = r.pos
      const key = r.varint()
      if (key === 0x10) queryIndex = r.int64()
      else if (key === 0x0a) {
        const send = r.delimited()
        const outer = r.end
        r.end = send
        const labels: string[] = []
        const chunks: ChunkedChunk[] = []
        while (r.pos < send) {
          const k = r.pos
          const sk = r.varint()
          if (sk === 0x0a) {
            const lend = r.delimited()
            r.end = lend
            let name = ""
            let value = ""
            while (r.pos < lend) {
              const lk = r.pos
              const key2 = r.varint()
              if (key2 === 0x0a) name = r.string()
              else if (key2 === 0x12) value = r.string()
              else r.skip(key2 & 7, lk)
            }
            r.end = send
            labels.push(name, value)
          } else if (sk === 0x12) {
            const cend = r.delimited()
            r.end = cend
            chunks.push(chunk(r, cend))
            r.end = send
          } else r.skip(sk & 7, k)
        }
        r.end = outer
        series.push({ labels, chunks })
      } else r.skip(key & 7, keyAt)
    }
    return { series, queryIndex }
  } catch (e) {
    if (e instanceof DecodeError) return e.within(`ChunkedReadResponse.chunked_series[${series.length}]`)
    throw e
  }
}
