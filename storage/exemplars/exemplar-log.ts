/**
 * Exemplars in the write-ahead log: a remote-write 1.0 WriteRequest whose TimeSeries carry labels
 * (field 1) and exemplars (field 3: labels 1, value 2 as double, timestamp 3 as int64) and no
 * samples. Replay (storage/tsdb/apply-log-entry.ts) reads it back with the request decoder.
 */
import type { Labels } from "../labels/labels.ts"

export interface LoggedExemplar {
  readonly series: Labels
  readonly labels: Labels
  readonly value: number
  readonly ts: number
}

const enc = new TextEncoder()

class Buf {
  bytes: number[] = []
  varint(v: number | bigint): void {
    let u = BigInt.asUintN(64, BigInt(v))
    while (u >= 0x80n) {
      this.bytes.push(Number(u & 0x7fn) | 0x80)
      u >>= 7n
    }
    this.bytes.push(Number(u))
  }
  field(field: number, b: ArrayLike<number>): void {
    this.bytes.push((field << 3) | 2)
    this.varint(b.length)
    for (let i = 0; i < b.length; i++) this.bytes.push(b[i] as number)
  }
}

const labelMessages = (out: Buf, field: number, l: Labels): void => {
  for (let i = 0; i + 1 < l.length; i += 2) {
    const m = new Buf()
    m.field(1, enc.encode(l[i]))
    m.field(2, enc.encode(l[i + 1]))
    out.field(field, m.bytes)
  }
}

export const encodeExemplarRequest = (items: ReadonlyArray<LoggedExemplar>): Uint8Array => {
  const req = new Buf()
  for (const it of items) {
    const ts = new Buf()
    labelMessages(ts, 1, it.series)
    const ex = new Buf()
    labelMessages(ex, 1, it.labels)
    const d = new Uint8Array(8)
    new DataView(d.buffer).setFloat64(0, it.value, true)
    ex.bytes.push((2 << 3) | 1, ...d)
    ex.bytes.push(3 << 3)
    ex.varint(it.ts)
    ts.field(3, ex.bytes)
    req.field(1, ts.bytes)
  }
  return new Uint8Array(req.bytes)
}
