/**
 * A real Prometheus (Debian 2.42) uses Vesta through `remote_read`: data that only Vesta holds is
 * returned by Prometheus's own query API (SAMPLES responses), with Vesta's external labels. The
 * streamed XOR-chunk answer is checked frame by frame (length, CRC-32C, chunks decode).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { ProtoReader } from "../../protocols/remote/write-request-decoder.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { XorIterator } from "../../storage/chunks/xor-chunk.ts"
import { type Peer, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-rr-"))
let vesta: VestaProcess
let prom: Peer
const now = Math.floor(Date.now() / 1000) * 1000
const times = Array.from({ length: 300 }, (_, i) => now - 299 * 2000 + i * 2000)

beforeAll(async () => {
  vesta = await startVesta("start", [`--storage.tsdb.path=${join(dir, "vesta")}`])
  const body = encodeWriteRequest([
    {
      labels: ["__name__", "only_in_vesta", "room", "lab"],
      timestamps: times,
      values: Float64Array.from(times, (_, i) => i * 0.5)
    }
  ])
  const r = await fetch(`${vesta.baseUrl}/api/v1/write`, {
    method: "POST",
    headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
    body: compressBlock(body)
  })
  expect(r.status).toBe(204)
  prom = await startPrometheus({
    config: `remote_read:\n  - url: ${vesta.baseUrl}/api/v1/read\n    read_recent: true\n`
  })
}, 60_000)
afterAll(async () => {
  await prom?.stop()
  await vesta?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe("remote read", () => {
  it("serves a real Prometheus's remote_read queries", async () => {
    const q = async (query: string) =>
      (await (
        await fetch(
          `${prom.baseUrl}/api/v1/query?${new URLSearchParams({ query, time: String(now / 1000) })}`
        )
      ).json()) as {
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }
      }
    const last = await q("only_in_vesta")
    expect(last.data.result).toEqual([
      { metric: { __name__: "only_in_vesta", room: "lab" }, value: [now / 1000, String(299 * 0.5)] }
    ])
    const count = await q("count_over_time(only_in_vesta[10m])")
    expect(count.data.result[0].value[1]).toBe("300")
  })
  it("streams XOR chunks in CRC-checked frames when asked", async () => {
    // ReadRequest{queries:[{start, end, matchers:[__name__="only_in_vesta"]}], accepted_response_types:[1]}
    const enc = new TextEncoder()
    const varint = (v: number) => {
      const out: number[] = []
      let u = v
      while (u >= 0x80) {
        out.push((u % 0x80) | 0x80)
        u = Math.floor(u / 0x80)
      }
      out.push(u)
      return out
    }
    const matcher = [0x12, 8, ...enc.encode("__name__"), 0x1a, 13, ...enc.encode("only_in_vesta")]
    const query = [0x08, ...varint(now - 3600_000), 0x10, ...varint(now), 0x1a, matcher.length, ...matcher]
    const req = new Uint8Array([0x0a, query.length, ...query, 0x10, 1])
    const res = await fetch(`${vesta.baseUrl}/api/v1/read`, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
      body: compressBlock(req)
    })
    expect(res.headers.get("content-type")).toBe(
      "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse"
    )
    const body = new Uint8Array(await res.arrayBuffer())
    const r = new ProtoReader(body)
    const len = r.varint()
    const crc = new DataView(body.buffer, body.byteOffset + r.pos, 4).getUint32(0)
    const msg = body.subarray(r.pos + 4, r.pos + 4 + len)
    expect(crc32c(msg)).toBe(crc)
    // Count samples across the XOR chunks of the frame.
    let samples = 0
    const walk = (m: ProtoReader, end: number, depth: number): void => {
      while (m.pos < end) {
        const key = m.varint()
        if ((key & 7) !== 2) {
          m.skip(key & 7)
          continue
        }
        const [s, e] = m.bytes()
        if (depth === 0 && key === 0x0a)
          walk(new ProtoReader(msg, s, e), e, 1) // chunked_series
        else if (depth === 1 && key === 0x12)
          walk(new ProtoReader(msg, s, e), e, 2) // chunks
        else if (depth === 2 && key === 0x22) {
          const it = new XorIterator(msg.subarray(s, e))
          while (it.next()) samples++
        }
      }
    }
    walk(new ProtoReader(msg), msg.length, 0)
    expect(samples).toBe(300)
  })
})
