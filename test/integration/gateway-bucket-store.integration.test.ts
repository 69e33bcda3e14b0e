/**
 * The gateway reads blocks from the bucket: a `vesta ingest` cuts a block from old samples and
 * ships it to S3 (s3rver), then is killed and restarted on an empty data dir (its log is purged
 * behind the shipped block, so its head no longer has the old samples). The gateway with
 * `--objstore.config-file` still answers PromQL over the whole range: the bucket's block merged
 * with the new head, every sample once, values as written.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Stream } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { s3ObjectStore } from "../../storage/object-store/s3-object-store.ts"
import { type RunningServer, s3rverClientConfig, startNats, startS3rver } from "../support/servers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-gw-bucket-"))
const started: VestaProcess[] = []
let nats: RunningServer | undefined
let s3: RunningServer | undefined
afterAll(async () => {
  for (const p of started) await p.stop()
  await nats?.stop()
  await s3?.stop()
  rmSync(dir, { recursive: true, force: true })
})

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

describe("gateway over the bucket", () => {
  it("answers queries over shipped blocks after the ingest lost its local data", async () => {
    nats = await startNats({ dir: join(dir, "nats") })
    const bucket = "vesta-gw"
    s3 = await startS3rver(bucket)
    writeFileSync(
      join(dir, "objstore.yml"),
      `type: S3\nconfig:\n  bucket: ${bucket}\n  endpoint: ${new URL(s3.url).host}\n  insecure: true\n  access_key: S3RVER\n  secret_key: S3RVER\n`
    )
    const common = [
      `--nats.url=${nats.url}`,
      "--ingest.shards=1",
      `--objstore.config-file=${join(dir, "objstore.yml")}`
    ]
    const ingest = (name: string) =>
      startVesta("ingest", [
        ...common,
        "--web.listen-address=127.0.0.1:0",
        `--storage.tsdb.path=${join(dir, name)}`,
        '--label=cluster="t"'
      ])
    const first = await ingest("a")
    started.push(first)
    const gw = await startVesta("gateway", [
      ...common,
      "--web.listen-address=127.0.0.1:0",
      "--objstore.sync-interval=1s"
    ])
    started.push(gw)

    // Two series, one sample a minute over the last 5 h: the head cuts (and ships) the older 2 h.
    const step = 60_000
    const start = Math.floor(Date.now() / step) * step - 5 * 3600_000
    const n = 300
    const value = (s: number, i: number) => s * 1000 + i * 0.5
    for (let k = 0; k < 5; k++) {
      const ts = Array.from({ length: 60 }, (_, i) => start + (k * 60 + i) * step)
      const r = await fetch(`${gw.baseUrl}/api/v1/write`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
        body: compressBlock(
          encodeWriteRequest(
            [0, 1].map((s) => ({
              labels: ["__name__", "gw_bucket", "s", String(s)],
              timestamps: ts,
              values: Float64Array.from(ts, (_, i) => value(s, k * 60 + i))
            }))
          )
        )
      })
      expect(r.status).toBe(204)
    }

    const store = s3ObjectStore({ bucket, client: s3rverClientConfig(s3.url) })
    const metas = async () => {
      const pages = await Effect.runPromise(Stream.runCollect(store.listAll("")))
      return [...pages].flatMap((p) => p.objects.map((o) => o.key)).filter((k) => k.endsWith("/meta.json"))
    }
    await waitFor("a shipped block", async () => (await metas()).length >= 1, 30_000).catch((e) => {
      throw new Error(`${String(e)}\ningest log:\n${first.log()}`)
    })
    store.close()

    // The ingest dies; a new one starts on an empty data dir and replays what is left of the log.
    first.child.kill("SIGKILL")
    started.push(await ingest("b"))

    const query = async () => {
      const r = await fetch(
        `${gw.baseUrl}/api/v1/query_range?${new URLSearchParams({
          query: "gw_bucket",
          start: String(start / 1000),
          end: String((start + (n - 1) * step) / 1000),
          step: "60"
        })}`
      )
      return (await r.json()) as {
        status: string
        data?: { result: Array<{ metric: { s: string }; values: Array<[number, string]> }> }
      }
    }
    const complete = async () => {
      const j = await query()
      return (
        j.status === "success" &&
        j.data?.result.length === 2 &&
        j.data.result.every((s) => s.values.length === n)
      )
    }
    await waitFor("every sample through the gateway", complete, 30_000)
    const j = await query()
    for (const s of j.data?.result ?? []) {
      const sv = Number(s.metric.s)
      expect(s.values.map(([t, v]) => [t * 1000, Number(v)])).toEqual(
        Array.from({ length: n }, (_, i) => [start + i * step, value(sv, i)])
      )
    }
    // Each sample once: bucket block and head overlap nowhere twice.
    const c = await fetch(
      `${gw.baseUrl}/api/v1/query?${new URLSearchParams({ query: "count_over_time(gw_bucket[6h])", time: String((start + (n - 1) * step) / 1000) })}`
    )
    const cj = (await c.json()) as { data: { result: Array<{ value: [number, string] }> } }
    expect(cj.data.result.map((r) => Number(r.value[1]))).toEqual([n, n])
    const metrics = await (await fetch(`${gw.baseUrl}/metrics`)).text()
    expect(metrics).toMatch(/^vesta_bucket_store_blocks_loaded_total [1-9]/m)
    expect(metrics).toMatch(/^vesta_bucket_store_sync_failures_total 0$/m)
  }, 60_000)
})
