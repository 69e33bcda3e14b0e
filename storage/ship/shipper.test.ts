import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { Effect, Stream } from "effect"
import { afterAll, describe, expect, inject, it } from "vitest"
import { runTool } from "../../test/support/run-tool.ts"
import { s3rverClientConfig } from "../../test/support/servers.ts"
import { writeBlock } from "../blocks/block-writer.ts"
import { Head } from "../head/head.ts"
import { headBlockSeries } from "../head/head-block.ts"
import { memoryObjectStore } from "../object-store/memory-object-store.ts"
import type { ObjectStoreShape } from "../object-store/object-store.ts"
import { s3ObjectStore } from "../object-store/s3-object-store.ts"
import { readShipped, shipBlocks, shipperStateFile } from "./shipper.ts"

const hour = 3600_000
const root = mkdtempSync(join(tmpdir(), "vesta-ship-"))
const closers: Array<() => void> = []
afterAll(() => {
  for (const c of closers) c()
  rmSync(root, { recursive: true, force: true })
})
let n = 0
const scratch = () => {
  const d = join(root, String(n++))
  mkdirSync(d, { recursive: true })
  return d
}

/** Writes blocks [k*2h, (k+1)*2h) for each k, 2 series × 1 sample/min; returns their ULIDs. */
const makeBlocks = (dir: string, ranges: ReadonlyArray<number>, level = 1): string[] =>
  ranges.map((k) => {
    const head = new Head()
    for (let t = k * 2 * hour; t < (k + 1) * 2 * hour; t += 60_000)
      for (const s of ["a", "b"]) head.append(["__name__", "shipped", "s", s], t, t / 1000)
    const meta = writeBlock(
      dir,
      headBlockSeries(head, k * 2 * hour, (k + 1) * 2 * hour),
      {
        minTime: k * 2 * hour,
        maxTime: (k + 1) * 2 * hour
      },
      { durable: false }
    )
    if (level > 1) {
      const p = join(dir, meta.ulid, "meta.json")
      const m = JSON.parse(readFileSync(p, "utf8"))
      m.compaction.level = level
      writeFileSync(p, JSON.stringify(m, null, "\t"))
    }
    return meta.ulid
  })

const keys = (store: ObjectStoreShape) =>
  Effect.runPromise(
    Stream.runCollect(store.listAll("")).pipe(
      Effect.map((pages) => [...pages].flatMap((p) => p.objects.map((o) => o.key)).sort())
    )
  )

/** Records the order of puts. */
const recording = (store: ObjectStoreShape, order: string[]): ObjectStoreShape => ({
  ...store,
  put: (key, body) =>
    Effect.andThen(
      Effect.sync(() => order.push(key)),
      store.put(key, body)
    )
})

const labels = { cluster: "c1", replica: "0" }

describe("shipper", () => {
  it("uploads oldest first in Thanos's order (meta.json last) with the thanos section, once", async () => {
    const dir = scratch()
    const [b1, b2] = makeBlocks(dir, [1, 0])
    const [compacted] = makeBlocks(dir, [3], 2)
    const order: string[] = []
    const store = recording(memoryObjectStore(), order)
    const now = () => new Date("2026-11-24T12:00:00Z")
    const r = await Effect.runPromise(shipBlocks(dir, store, { externalLabels: labels, now }))
    expect(r).toEqual({ uploaded: [b2, b1], adopted: [] })
    expect(order).toEqual([
      `${b2}/chunks/000001`,
      `${b2}/index`,
      `${b2}/meta.json`,
      `${b1}/chunks/000001`,
      `${b1}/index`,
      `${b1}/meta.json`
    ])
    expect((await keys(store)).some((k) => k.startsWith(compacted))).toBe(false)
    const meta = JSON.parse(new TextDecoder().decode(await Effect.runPromise(store.get(`${b1}/meta.json`))))
    expect(meta.thanos).toEqual({
      labels,
      downsample: { resolution: 0 },
      source: "sidecar",
      segment_files: ["000001"],
      files: [
        { rel_path: "chunks/000001", size_bytes: readFileSync(join(dir, b1, "chunks", "000001")).length },
        { rel_path: "index", size_bytes: readFileSync(join(dir, b1, "index")).length },
        { rel_path: "meta.json" }
      ],
      upload_time: "2026-11-24T12:00:00.000Z"
    })
    expect(meta.ulid).toBe(b1)
    expect(readShipped(dir)).toEqual(new Set([b1, b2]))
    expect(JSON.parse(readFileSync(join(dir, shipperStateFile), "utf8")).version).toBe(1)
    // The next round uploads nothing.
    order.length = 0
    expect(await Effect.runPromise(shipBlocks(dir, store, { externalLabels: labels }))).toEqual({
      uploaded: [],
      adopted: []
    })
    expect(order).toEqual([])
  })

  it("adopts a block already complete in the bucket, refuses without external labels", async () => {
    const dir = scratch()
    const [b] = makeBlocks(dir, [0])
    const store = memoryObjectStore()
    await Effect.runPromise(store.put(`${b}/meta.json`, new Uint8Array([123, 125])))
    expect(await Effect.runPromise(shipBlocks(dir, store, { externalLabels: labels }))).toEqual({
      uploaded: [],
      adopted: [b]
    })
    const err = await Effect.runPromise(Effect.flip(shipBlocks(dir, store, { externalLabels: {} })))
    expect(String(err.message)).toContain("external labels")
  })

  it("stops at the first failure and retries next round; promtool reads the downloaded blocks", async () => {
    const dir = scratch()
    const [b1, b2] = makeBlocks(dir, [0, 1])
    const down = s3ObjectStore({
      bucket: inject("s3Bucket"),
      client: s3rverClientConfig("http://127.0.0.1:1")
    })
    closers.push(down.close)
    const failed = await Effect.runPromise(Effect.flip(shipBlocks(dir, down, { externalLabels: labels })))
    expect(failed._tag).toBe("ObjectStoreUnavailableError")
    expect(readShipped(dir).size).toBe(0)
    const s3 = s3ObjectStore({ bucket: inject("s3Bucket"), client: s3rverClientConfig(inject("s3Endpoint")) })
    closers.push(s3.close)
    const r = await Effect.runPromise(shipBlocks(dir, s3, { externalLabels: labels }))
    expect(r.uploaded).toEqual([b1, b2])
    // Download what the bucket holds and let promtool judge it.
    const out = scratch()
    for (const k of (await keys(s3)).filter((k) => k.startsWith(b1) || k.startsWith(b2))) {
      mkdirSync(dirname(join(out, k)), { recursive: true })
      writeFileSync(join(out, k), await Effect.runPromise(s3.get(k)))
    }
    for (const b of [b1, b2]) {
      const a = await runTool("promtool", ["tsdb", "analyze", out, b])
      expect(a.code, a.stderr).toBe(0)
      expect(a.stdout).toContain("\nSeries: 2\n")
    }
    mkdirSync(join(out, "wal")) // promtool dump opens the directory as a Prometheus database
    const dump = await runTool("promtool", ["tsdb", "dump", out])
    expect(dump.code, dump.stderr).toBe(0)
    expect(dump.stdout.split("\n").filter((l) => l.startsWith("{")).length).toBe(2 * 2 * 120)
  }, 60_000)
})
