/**
 * Shipping through an S3 outage: `vesta start` cuts blocks while its bucket's S3 server is down;
 * the failed uploads are logged, counted and retried (backoff from 1 s), nothing local is lost;
 * once the server is up the blocks land in Thanos's layout (meta.json last) and promtool reads
 * them back after download.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { Effect, Stream } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { isUlid } from "../../storage/blocks/ulid.ts"
import { s3ObjectStore } from "../../storage/object-store/s3-object-store.ts"
import { runTool } from "../support/run-tool.ts"
import { type RunningServer, s3rverClientConfig, startS3rver } from "../support/servers.ts"
import { startVesta } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-ship-outage-"))
const data = join(dir, "data")
let s3: RunningServer | undefined
afterAll(async () => {
  await s3?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer()
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })

const waitFor = async (what: string, f: () => boolean | Promise<boolean>, ms: number) => {
  const until = Date.now() + ms
  while (!(await f())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe("shipping through an S3 outage", () => {
  it("retries failed uploads until the server is back; nothing is lost", async () => {
    const port = await freePort()
    const bucket = "vesta-outage"
    writeFileSync(join(dir, "prometheus.yml"), "global:\n  external_labels:\n    region: r1\n")
    writeFileSync(
      join(dir, "objstore.yml"),
      `type: S3\nconfig:\n  bucket: ${bucket}\n  endpoint: 127.0.0.1:${port}\n  insecure: true\n  access_key: S3RVER\n  secret_key: S3RVER\n`
    )
    const vesta = await startVesta("start", [
      `--storage.tsdb.path=${data}`,
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--objstore.config-file=${join(dir, "objstore.yml")}`
    ])
    try {
      const step = 60_000
      const first = Math.floor(Date.now() / step) * step - 5 * 3600_000
      for (let k = 0; k < 5; k++) {
        const ts = Array.from({ length: 60 }, (_, i) => first + (k * 60 + i) * step)
        const body = encodeWriteRequest([
          { labels: ["__name__", "outage"], timestamps: ts, values: Float64Array.from(ts, (_, i) => i) }
        ])
        const r = await fetch(`${vesta.baseUrl}/api/v1/write`, {
          method: "POST",
          headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
          body: compressBlock(body)
        })
        expect(r.status).toBe(204)
      }
      const blocks = () => readdirSync(data).filter(isUlid)
      // One or two 2h blocks, depending on where `first` falls in its 2h range.
      await waitFor("head blocks", () => blocks().length >= 1, 20_000)
      await new Promise((r) => setTimeout(r, 500))
      await waitFor(
        "two failed rounds",
        () => (vesta.log().match(/Shipping blocks failed/g) ?? []).length >= 2,
        20_000
      )
      const metrics = await (await fetch(`${vesta.baseUrl}/metrics`)).text()
      expect(metrics).toMatch(/^thanos_shipper_upload_failures_total [1-9]/m)
      // The server comes back on the same address.
      s3 = await startS3rver(bucket, { port })
      await waitFor(
        "the uploads",
        () => (vesta.log().match(/msg="Block uploaded"/g) ?? []).length === blocks().length,
        30_000
      )
      const store = s3ObjectStore({ bucket, client: s3rverClientConfig(`http://127.0.0.1:${port}`) })
      const keys = await Effect.runPromise(
        Stream.runCollect(store.listAll("")).pipe(
          Effect.map((pages) => [...pages].flatMap((p) => p.objects.map((o) => o.key)))
        )
      )
      expect(keys.sort()).toEqual(
        blocks()
          .sort()
          .flatMap((ulid) => [`${ulid}/chunks/000001`, `${ulid}/index`, `${ulid}/meta.json`])
      )
      const out = join(dir, "download")
      for (const k of keys) {
        mkdirSync(dirname(join(out, k)), { recursive: true })
        writeFileSync(join(out, k), await Effect.runPromise(store.get(k)))
      }
      store.close()
      mkdirSync(join(out, "wal"))
      const dump = await runTool("promtool", ["tsdb", "dump", out])
      expect(dump.code, dump.stderr).toBe(0)
      // The one block cut holds the samples of the first 2h range: [aligned start, +2h).
      const end = Math.floor(first / 7200_000) * 7200_000 + 7200_000 * blocks().length
      const expected = Array.from({ length: 300 }, (_, i) => first + i * step).filter((t) => t < end).length
      expect(dump.stdout.split("\n").filter((l) => l.startsWith("{")).length).toBe(expected)
    } finally {
      await vesta.stop()
    }
  }, 90_000)
})
