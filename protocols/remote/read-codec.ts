/**
 * Remote read (spec §2.5): decoding `ReadRequest` (queries with matchers and hints, accepted
 * response types) and encoding both answers — `ReadResponse` (SAMPLES, snappy by the caller) and
 * `ChunkedReadResponse` frames (STREAMED_XOR_CHUNKS: uvarint length, BE32 CRC-32C, message).
 */
import { crc32c } from "../encoding/crc32c.ts"
import { DecodeError, ProtoReader } from "./write-request-decoder.ts"
import { type EncodeSeries, encodeWriteRequest } from "./write-request-encoder.ts"

export interface ReadQuery {
  readonly startMs: number
  readonly endMs: number
  readonly matchers: ReadonlyArray<{
    readonly type: "=" | "!=" | "=~" | "!~"
    readonly name: string
    readonly value: string
  }>
  /** ReadHints.func when sent: "series" asks for the series only (no samples). */
  readonly func?: string
}

export interface ReadRequest {
  readonly queries: ReadonlyArray<ReadQuery>
  /** 0 = SAMPLES, 1 = STREAMED_XOR_CHUNKS, in the client's order of preference. */
  readonly acceptedResponseTypes: ReadonlyArray<number>
}

const matchTypes = ["=", "!=", "=~", "!~"] as const

export const decodeReadRequest = (body: Uint8Array): ReadRequest | DecodeError => {
  const queries: ReadQuery[] = []
  const accepted: number[] = []
  try {
    const r = new ProtoReader(body)
    while (r.pos < r.end) {
      const key = r.varint()
      const field = Math.floor(key / 8)
      const wire = key & 7
      if (field === 1 && wire === 2) {
        const [s, e] = r.bytes()
        const q = new ProtoReader(body, s, e)
        let startMs = 0
        let endMs = 0
        const matchers: Array<ReadQuery["matchers"][number]> = []
        let func: string | undefined
        while (q.pos < e) {
          const k = q.varint()
          if (k === 8) startMs = q.int64()
          else if (k === 16) endMs = q.int64()
          else if (k === 26) {
            const [ms, me] = q.bytes()
            const m = new ProtoReader(body, ms, me)
            let type = 0
            let name = ""
            let value = ""
            while (m.pos < me) {
              const mk = m.varint()
              if (mk === 8) type = m.varint()
              else if (mk === 18) name = m.string()
              else if (mk === 26) value = m.string()
              else m.skip(mk & 7)
            }
            if (type > 3) throw new DecodeError(`unknown matcher type ${type}`)
            matchers.push({ type: matchTypes[type], name, value })
          } else if (k === 34) {
            const [hs, he] = q.bytes()
            const h = new ProtoReader(body, hs, he)
            while (h.pos < he) {
              const hk = h.varint()
              if (hk === 18) func = h.string()
              else h.skip(hk & 7)
            }
          } else q.skip(k & 7)
        }
        queries.push(func === undefined ? { startMs, endMs, matchers } : { startMs, endMs, matchers, func })
      } else if (field === 2 && wire === 0) accepted.push(r.varint())
      else if (field === 2 && wire === 2) {
        const [s, e] = r.bytes()
        const p = new ProtoReader(body, s, e)
        while (p.pos < e) accepted.push(p.varint())
      } else r.skip(wire)
    }
    return { queries, acceptedResponseTypes: accepted }
  } catch (e) {
    if (e instanceof DecodeError) return e
    throw e
  }
}

/** `ReadResponse{ results: [QueryResult{ timeseries }] }` — a QueryResult encodes like a WriteRequest. */
export const encodeReadResponse = (results: ReadonlyArray<ReadonlyArray<EncodeSeries>>): Uint8Array => {
  const parts = results.map((r) => encodeWriteRequest(r))
  const out: number[] = []
  const varint = (v: number) => {
    let u = v
    while (u >= 0x80) {
      out.push((u % 0x80) | 0x80)
      u = Math.floor(u / 0x80)
    }
    out.push(u)
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length + 11, 0))
  let len = 0
  for (const p of parts) {
    out.length = 0
    out.push(0x0a)
    varint(p.length)
    bytes.set(out, len)
    len += out.length
    bytes.set(p, len)
    len += p.length
  }
  return bytes.slice(0, len)
}

export interface XorChunk {
  readonly minTime: number
  readonly maxTime: number
  readonly data: Uint8Array
  /** Chunk.Encoding: 1 XOR (default), 2 HISTOGRAM, 3 FLOAT_HISTOGRAM (the TSDB's numbers). */
  readonly encoding?: number
}

/** One frame: `ChunkedReadResponse{ chunked_series: [{labels, chunks}], query_index }`. */
export const encodeChunkedFrame = (
  labels: ReadonlyArray<string>,
  chunks: ReadonlyArray<XorChunk>,
  queryIndex: number
): Uint8Array => {
  const w: number[] = []
  const varint = (to: number[], v: number) => {
    let u = v < 0 ? 2 ** 64 + v : v
    while (u >= 0x80) {
      to.push((u % 0x80) | 0x80)
      u = Math.floor(u / 0x80)
    }
    to.push(u)
  }
  const lenDelim = (to: number[], field: number, body: ArrayLike<number>) => {
    varint(to, field * 8 + 2)
    varint(to, body.length)
    for (let i = 0; i < body.length; i++) to.push(body[i])
  }
  const series: number[] = []
  const utf8 = new TextEncoder()
  for (let i = 0; i < labels.length; i += 2) {
    const l: number[] = []
    lenDelim(l, 1, utf8.encode(labels[i]))
    lenDelim(l, 2, utf8.encode(labels[i + 1]))
    lenDelim(series, 1, l)
  }
  for (const c of chunks) {
    const cm: number[] = []
    varint(cm, 8)
    varint(cm, c.minTime)
    varint(cm, 16)
    varint(cm, c.maxTime)
    varint(cm, 24)
    varint(cm, c.encoding ?? 1)
    lenDelim(cm, 4, c.data)
    lenDelim(series, 2, cm)
  }
  lenDelim(w, 1, series)
  if (queryIndex > 0) {
    varint(w, 16)
    varint(w, queryIndex)
  }
  const msg = Uint8Array.from(w)
  const head: number[] = []
  varint(head, msg.length)
  const crc = crc32c(msg)
  head.push((crc >>> 24) & 0xff, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff)
  const frame = new Uint8Array(head.length + msg.length)
  frame.set(head)
  frame.set(msg, head.length)
  return frame
}
