/**
 * Distributed mode on a real nats-server (JetStream): one `vesta gateway` and two `vesta ingest`
 * processes sharing 4 shards by lease. Under a sustained remote-write load, `kill -9` of one
 * ingest process: its shards move to the other (lease TTL), which replays their logs; every
 * sample that got a 2xx is then queryable through the gateway, none twice. Then the NATS server
 * itself is restarted on its store: the processes reconnect and the data is still all there.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { type RunningServer, startNats } from "../support/servers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-distributed-"))
const started: VestaProcess[] = []
let nats: RunningServer | undefined
afterAll(async () => {
  for (const p of started) await p.stop()
  await nats?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const seriesCount = 20
const base = Math.floor(Date.now() / 1000) * 1000 - 20 * 60_000

const body = (k: number) =>
  compressBlock(
    encodeWriteRequest(
      Array.from({ length: seriesCount }, (_, s) => ({
        labels: ["__name__", "dist_load", "s", String(s)],
        timestamps: Array.from({ length: 5 }, (_, i) => base + k * 5 + i),
        values: Float64Array.from({ length: 5 }, (_, i) => k * 5 + i)
      }))
    )
  )

const waitFor = async (what: string, f: () => Promise<boolean>, ms: number) => {
  const until = Date.now() + ms
  let last: unknown
  for (;;) {
    try {
      if (await f()) return
    } catch (e) {
      last = e
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (${String(last)})`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe("distributed ingest (NATS JetStream)", () => {
  it("keeps every acknowledged sample across kill -9 of an ingest process and a NATS restart", async () => {
    nats = await startNats({ dir: join(dir, "nats") })
    const natsFlags = [`--nats.url=${nats.url}`, "--ingest.shards=4"]
    const ingest = (name: string) =>
      startVesta("ingest", [
        ...natsFlags,
        "--web.listen-address=127.0.0.1:0",
        `--storage.tsdb.path=${join(dir, name)}`,
        "--ingest.lease-ttl=3s"
      ])
    const a = await ingest("a")
    started.push(a)
    const b = await ingest("b")
    started.push(b)
    const gw = await startVesta("gateway", [...natsFlags, "--web.listen-address=127.0.0.1:0"])
    started.push(gw)

    const acked: number[] = []
    let next = 0
    let stop = false
    const sender = async () => {
      while (!stop) {
        const k = next++
        try {
          const r = await fetch(`${gw.baseUrl}/api/v1/write`, {
            method: "POST",
            headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
            body: body(k)
          })
          if (r.status === 204) acked.push(k)
        } catch {
          // not acknowledged: may or may not be stored
        }
      }
    }
    // One sender: remote write keeps each series in order; the shards validate order after the ack.
    const senders = [sender()]
    await waitFor("some acked writes", async () => acked.length >= 40, 20_000)
    a.child.kill("SIGKILL")
    const killedAt = acked.length
    await waitFor("more acked writes after the kill", async () => acked.length >= killedAt + 40, 20_000)
    stop = true
    await Promise.all(senders)

    const sent = new Set(acked)
    const count = async () => {
      const r = await fetch(
        `${gw.baseUrl}/api/v1/query?${new URLSearchParams({ query: "count_over_time(dist_load[1h])", time: String((base + next * 5 + 60_000) / 1000) })}`
      )
      const j = (await r.json()) as {
        status: string
        data?: { result: Array<{ metric: { s: string }; value: [number, string] }> }
      }
      return j
    }
    // Every acked request's 5 samples per series are there; unacked ones may be too (at most `next`).
    const check = async () => {
      const j = await count()
      if (j.status !== "success" || j.data === undefined || j.data.result.length !== seriesCount) return false
      return j.data.result.every((s) => Number(s.value[1]) >= sent.size * 5 && Number(s.value[1]) <= next * 5)
    }
    await waitFor("every acknowledged sample through the gateway", check, 45_000)
    // None twice: the value at each acked timestamp is the one sent (a duplicate would be rejected
    // by the head; a double count shows as count > distinct timestamps).
    const exact = await fetch(
      `${gw.baseUrl}/api/v1/query?${new URLSearchParams({ query: 'dist_load{s="7"}', time: String((base + Math.max(...acked) * 5 + 4) / 1000) })}`
    )
    const ej = (await exact.json()) as { data: { result: Array<{ value: [number, string] }> } }
    expect(Number(ej.data.result[0].value[1])).toBe(Math.max(...acked) * 5 + 4)
    expect(b.log()).toContain("Shard lease acquired")
    // Series and label listings through the gateway read the shard heads too.
    const series = (await (await fetch(`${gw.baseUrl}/api/v1/series?match[]=dist_load`)).json()) as {
      data: unknown[]
    }
    expect(series.data.length).toBe(seriesCount)
    const values = (await (await fetch(`${gw.baseUrl}/api/v1/label/s/values`)).json()) as { data: string[] }
    expect(values.data.length).toBe(seriesCount)

    // NATS restarted on the same store: processes reconnect; the data is still there.
    await nats.stop()
    nats = await startNats({
      dir: join(dir, "nats"),
      port: Number(new URL(natsFlags[0].slice("--nats.url=".length)).port)
    })
    await waitFor("queries after the NATS restart", check, 45_000).catch(async (e) => {
      const j = await count()
      console.log(
        "sent",
        sent.size,
        "next",
        next,
        JSON.stringify(j.data?.result.map((r) => r.value[1])),
        j.status
      )
      console.log(b.log().slice(-3000))
      console.log(gw.log().slice(-2000))
      throw e
    })
  }, 150_000)
})
