import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { Effect, Stream } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { runTool } from "../../test/support/run-tool.ts"
import { writeBlock } from "../blocks/block-writer.ts"
import { Head } from "../head/head.ts"
import { headBlockSeries } from "../head/head-block.ts"
import { memoryObjectStore } from "../object-store/memory-object-store.ts"
import type { ObjectStoreShape } from "../object-store/object-store.ts"
import { uploadBlock } from "../ship/shipper.ts"
import { compactPass, listBucketBlocks } from "./bucket-compactor.ts"

const hour = 3600_000
const root = mkdtempSync(join(tmpdir(), "vesta-bcompact-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const scratch = () => {
  const d = join(root, String(n++))
  mkdirSync(d, { recursive: true })
  return d
}

const labels = { cluster: "c1" }

/** Uploads 2h blocks [k·2h, (k+1)·2h) for each k (3 series, 1 sample/min). */
const upload = (store: ObjectStoreShape, ks: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    const dir = scratch()
    const ulids: string[] = []
    for (const k of ks) {
      const head = new Head()
      for (let t = k * 2 * hour; t < (k + 1) * 2 * hour; t += 60_000)
        for (const s of ["a", "b", "c"]) head.append(["__name__", "bc", "s", s], t, t / 60_000)
      const meta = writeBlock(
        dir,
        headBlockSeries(head, k * 2 * hour, (k + 1) * 2 * hour),
        {
          minTime: k * 2 * hour,
          maxTime: (k + 1) * 2 * hour
        },
        { durable: false }
      )
      yield* uploadBlock(store, join(dir, meta.ulid), meta, { externalLabels: labels })
      ulids.push(meta.ulid)
    }
    return ulids
  })

const download = (store: ObjectStoreShape, ulid: string, out: string) =>
  Effect.gen(function* () {
    const pages = yield* Stream.runCollect(store.listAll(`${ulid}/`))
    for (const o of [...pages].flatMap((p) => p.objects)) {
      mkdirSync(dirname(join(out, o.key)), { recursive: true })
      writeFileSync(join(out, o.key), yield* Effect.orDie(store.get(o.key)))
    }
  })

describe("bucket compactor", () => {
  it("compacts a full 8h window into one block, marks and later deletes the inputs, applies retention", async () => {
    const store = memoryObjectStore()
    const inputs = await Effect.runPromise(upload(store, [0, 1, 2, 3, 4]))
    let clock = 100 * hour
    const now = () => clock
    const first = await Effect.runPromise(compactPass(store, { scratchDir: scratch(), now }))
    expect(first.compacted.length).toBe(1)
    expect(first.compacted[0].inputs).toEqual(inputs.slice(0, 4))
    expect(first.deleted).toEqual([])
    const blocks = await Effect.runPromise(listBucketBlocks(store))
    const made = blocks.find((b) => b.ulid === first.compacted[0].ulid)
    expect(made?.meta.minTime).toBe(0)
    expect(made?.meta.maxTime).toBe(8 * hour)
    expect(made?.meta.compaction.level).toBe(2)
    expect([...(made?.meta.compaction.sources ?? [])].sort()).toEqual([...inputs.slice(0, 4)].sort())
    expect(made?.meta.thanos?.labels).toEqual(labels)
    expect(made?.meta.thanos?.source).toBe("compactor")
    expect(made?.meta.stats.numSamples).toBe(4 * 120 * 3)
    expect(
      blocks
        .filter((b) => b.deletionTime !== undefined)
        .map((b) => b.ulid)
        .sort()
    ).toEqual([...inputs.slice(0, 4)].sort())
    // promtool reads the compacted block as downloaded: every input sample once.
    const out = scratch()
    await Effect.runPromise(download(store, made?.ulid ?? "", out))
    mkdirSync(join(out, "wal"))
    const dump = await runTool("promtool", ["tsdb", "dump", out])
    expect(dump.code, dump.stderr).toBe(0)
    expect(dump.stdout.split("\n").filter((l) => l.startsWith("{")).length).toBe(4 * 120 * 3)
    // Nothing more to plan; after the delete delay the inputs go (meta.json first).
    clock += 49 * hour
    const second = await Effect.runPromise(compactPass(store, { scratchDir: scratch(), now }))
    expect(second.compacted).toEqual([])
    expect([...second.deleted].sort()).toEqual([...inputs.slice(0, 4)].sort())
    expect((await Effect.runPromise(listBucketBlocks(store))).map((b) => b.ulid).sort()).toEqual(
      [made?.ulid, inputs[4]].sort()
    )
    // Raw retention of 1 day at t=149h: both blocks end before 125h → marked.
    const third = await Effect.runPromise(
      compactPass(store, { scratchDir: scratch(), now, retentionRawMs: 24 * hour })
    )
    expect(third.markedForRetention.length).toBe(2)
  }, 60_000)

  it("marks a block whose sources a compacted block already holds (crash before marking)", async () => {
    const store = memoryObjectStore()
    const inputs = await Effect.runPromise(upload(store, [0, 1, 2, 3, 4]))
    const first = await Effect.runPromise(compactPass(store, { scratchDir: scratch(), now: () => hour }))
    // Simulate the crash: the inputs lost their marks.
    for (const u of inputs.slice(0, 4)) await Effect.runPromise(store.delete(`${u}/deletion-mark.json`))
    const again = await Effect.runPromise(compactPass(store, { scratchDir: scratch(), now: () => 2 * hour }))
    expect(again.compacted).toEqual([])
    const marked = (await Effect.runPromise(listBucketBlocks(store))).filter(
      (b) => b.deletionTime !== undefined
    )
    expect(marked.map((b) => b.ulid).sort()).toEqual([...inputs.slice(0, 4)].sort())
    expect(first.compacted.length).toBe(1)
  }, 60_000)
})
