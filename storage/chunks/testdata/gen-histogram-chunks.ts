/**
 * Regenerates `prom-2.42-histograms.chunks_head`: starts the Debian Prometheus 2.42 with native
 * histograms and the remote-write receiver on loopback, remote-writes `histogram-series.ts`
 * (130 samples per series), stops it with SIGTERM (which flushes the head chunk file) and copies
 * `chunks_head/000001`: the chunks Prometheus cut at 120 samples, written by Prometheus itself
 * (without the zero bytes after the last record). The output is the same on every run.
 * Run: node storage/chunks/testdata/gen-histogram-chunks.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { compressBlock } from "../../../protocols/remote/snappy-block.ts"
import { startPrometheus } from "../../../test/support/peers.ts"
import { ChunkSegmentError } from "../chunk-segment.ts"
import { readHeadChunkFile } from "../head-chunk-file.ts"
import { countOf, type HistogramPoint, histogramSeries } from "./histogram-series.ts"

/** Minimal protobuf writer for the remote-write messages this needs. */
class Proto {
  private readonly parts: number[] = []
  varint(v: number | bigint): this {
    let u = BigInt.asUintN(64, BigInt(v))
    while (u >= 0x80n) {
      this.parts.push(Number(u & 0x7fn) | 0x80)
      u >>= 7n
    }
    this.parts.push(Number(u))
    return this
  }
  key(field: number, wire: number): this {
    return this.varint((field << 3) | wire)
  }
  uint(field: number, v: number): this {
    return this.key(field, 0).varint(v)
  }
  sint(field: number, v: number): this {
    return this.key(field, 0).varint(v >= 0 ? BigInt(v) * 2n : -BigInt(v) * 2n - 1n)
  }
  double(field: number, v: number): this {
    const b = Buffer.alloc(8)
    b.writeDoubleLE(v)
    this.key(field, 1)
    this.parts.push(...b)
    return this
  }
  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2).varint(b.length)
    this.parts.push(...b)
    return this
  }
  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s))
  }
  packedSint(field: number, vs: ReadonlyArray<number>): this {
    const p = new Proto()
    for (const v of vs) p.varint(v >= 0 ? BigInt(v) * 2n : -BigInt(v) * 2n - 1n)
    return this.bytes(field, p.done())
  }
  packedDouble(field: number, vs: ReadonlyArray<number>): this {
    const b = Buffer.alloc(8 * vs.length)
    vs.forEach((v, i) => b.writeDoubleLE(v, 8 * i))
    return this.bytes(field, b)
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

const spans = (p: Proto, field: number, flat: ReadonlyArray<number>) => {
  for (let i = 0; i < flat.length; i += 2)
    p.bytes(
      field,
      new Proto()
        .sint(1, flat[i])
        .uint(2, flat[i + 1])
        .done()
    )
}

/** Absolute counts → the delta form integer histograms travel in. */
const deltas = (counts: ReadonlyArray<number>) => counts.map((c, i) => c - (i === 0 ? 0 : counts[i - 1]))

const histogram = (h: HistogramPoint): Uint8Array => {
  const p = new Proto()
  if (h.float) p.double(2, countOf(h))
  else p.uint(1, countOf(h))
  p.double(3, h.sum).sint(4, h.schema).double(5, h.zeroThreshold)
  if (h.float) p.double(7, h.zeroCount)
  else p.uint(6, h.zeroCount)
  spans(p, 8, h.negativeSpans)
  if (h.float) p.packedDouble(10, h.negativeCounts)
  else p.packedSint(9, deltas(h.negativeCounts))
  spans(p, 11, h.positiveSpans)
  if (h.float) p.packedDouble(13, h.positiveCounts)
  else p.packedSint(12, deltas(h.positiveCounts))
  return p.uint(14, h.resetHint).uint(15, h.t).done()
}

const writeRequest = (): Uint8Array => {
  const req = new Proto()
  for (const s of histogramSeries) {
    const ts = new Proto()
    for (const [name, value] of s.labels) ts.bytes(1, new Proto().string(1, name).string(2, value).done())
    for (const h of s.points) ts.bytes(4, histogram(h))
    req.bytes(1, ts.done())
  }
  return req.done()
}

const dataDir = mkdtempSync(join(tmpdir(), "vesta-histogram-fixture-"))
const prom = await startPrometheus({
  dataDir,
  flags: ["--enable-feature=native-histograms", "--web.enable-remote-write-receiver"]
})
try {
  const res = await fetch(`${prom.baseUrl}/api/v1/write`, {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0"
    },
    body: compressBlock(writeRequest())
  })
  console.log(`remote write: ${res.status} ${await res.text()}`)
  if (res.status !== 204) throw new Error(prom.log())
} finally {
  await prom.stop()
}
console.log(`chunks_head: ${readdirSync(join(dataDir, "chunks_head")).join(", ")}`)
const out = join(import.meta.dirname, "prom-2.42-histograms.chunks_head")
// The file as Prometheus left it, cut after the last record (the rest is zero bytes).
const file = readFileSync(join(dataDir, "chunks_head", "000001"))
const records = readHeadChunkFile(file)
if (records instanceof ChunkSegmentError) throw new Error(records.message)
writeFileSync(out, file.subarray(0, records[records.length - 1].end))
rmSync(dataDir, { recursive: true, force: true })
console.log(`wrote ${out}`)
