import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { writeBlock } from "../blocks/block-writer.ts"
import { sampleChunks } from "../blocks/sample-chunks.ts"
import { fsObjectStore } from "../object-store/fs-object-store.ts"
import { memoryObjectStore } from "../object-store/memory-object-store.ts"
import type { ObjectStoreShape } from "../object-store/object-store.ts"
import { collectSamples } from "../queryable.ts"
import { BucketStore } from "./bucket-store.ts"

const tmp = mkdtempSync(join(tmpdir(), "bucket-store-"))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const ulidChars = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
let ulidSeq = 0
const nextUlid = () => {
  ulidSeq++
  let s = ""
  let n = ulidSeq
  for (let i = 0; i < 26; i++) {
    s = ulidChars[n % 32] + s
    n = Math.floor(n / 32)
  }
  return `01${s.slice(2)}`
}

/** Writes a block of `series` series, one sample every 15 s in [minT, maxT), value = t/1000 + i. */
const makeBlock = (minT: number, maxT: number, series: number, extraMeta?: Record<string, unknown>) => {
  const list = []
  const names = Array.from({ length: series }, (_, i) => String(i).padStart(5, "0")).sort()
  for (const n of names) {
    const ts: number[] = []
    const vs: number[] = []
    for (let t = minT; t < maxT; t += 15_000) {
      ts.push(t)
      vs.push(t / 1000 + Number(n))
    }
    list.push({ labels: ["__name__", "m", "i", n], chunks: sampleChunks(ts, vs, undefined) })
  }
  return writeBlock(
    tmp,
    list,
    { minTime: minT, maxTime: maxT },
    { ulid: nextUlid(), durable: false, extraMeta }
  )
}

const upload = async (store: ObjectStoreShape, ulid: string, withMeta = true) => {
  let total = 0
  const walk = async (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) await walk(p, `${prefix}${name}/`)
      else if (withMeta || name !== "meta.json") {
        const bytes = readFileSync(p)
        total += bytes.length
        await Effect.runPromise(store.put(`${prefix}${name}`, new Uint8Array(bytes)))
      }
    }
  }
  await walk(join(tmp, ulid), `${ulid}/`)
  return total
}

const query = async (bs: BucketStore, min: number, max: number, i?: string) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const q = yield* bs.queryable.querier(min, max)
        const set = yield* q.select([
          { type: "=", name: "__name__", value: "m" },
          ...(i === undefined ? [] : [{ type: "=" as const, name: "i", value: i }])
        ])
        const out: { labels: ReadonlyArray<string>; ts: number[]; vs: number[] }[] = []
        while (set.next()) {
          const s = set.at()
          const { ts, vs } = collectSamples(s)
          out.push({ labels: [...s.labels], ts: [...ts], vs: [...vs] })
        }
        return out
      })
    )
  )

describe.each([
  ["memory", () => memoryObjectStore()],
  ["fs", () => fsObjectStore(mkdtempSync(join(tmp, "fs-")))]
])("BucketStore on the %s object store", (_name, mk) => {
  it("reads a block by ranges only, far fewer bytes than the block", async () => {
    const store = mk()
    const meta = makeBlock(0, 7_200_000, 300)
    const size = await upload(store, meta.ulid)
    const bs = new BucketStore(store)
    await bs.sync()
    expect(bs.blocks().map((b) => b.ulid)).toEqual([meta.ulid])
    const r = await query(bs, 0, 3_600_000, "00007")
    expect(r).toHaveLength(1)
    expect(r[0].labels).toEqual(["__name__", "m", "i", "00007"])
    expect(r[0].ts.length).toBe(241)
    expect(r[0].ts[0]).toBe(0)
    expect(r[0].vs[10]).toBe(150 + 7)
    expect(bs.stats.blocksLoaded).toBe(1)
    expect(bs.bytesRead()).toBeGreaterThan(0)
    expect(bs.bytesRead()).toBeLessThan(size / 4)
    // A query outside the block's range opens nothing new.
    expect(await query(bs, 8_000_000, 9_000_000)).toEqual([])
    expect(bs.stats.blocksLoaded).toBe(1)
  })

  it("skips deletion-marked blocks, partial uploads and downsampled blocks; picks up new blocks on sync", async () => {
    const store = mk()
    const a = makeBlock(0, 3_600_000, 2)
    await upload(store, a.ulid)
    const bs = new BucketStore(store)
    await bs.sync()
    expect(bs.blocks()).toHaveLength(1)
    const partial = makeBlock(3_600_000, 7_200_000, 2)
    await upload(store, partial.ulid, false)
    const down = makeBlock(3_600_000, 7_200_000, 2, {
      thanos: { labels: {}, downsample: { resolution: 300000 } }
    })
    await upload(store, down.ulid)
    await bs.sync()
    expect(bs.blocks().map((b) => b.ulid)).toEqual([a.ulid])
    const b = makeBlock(3_600_000, 7_200_000, 2)
    await upload(store, b.ulid)
    await bs.sync()
    expect(bs.blocks().map((m) => m.ulid)).toEqual([a.ulid, b.ulid])
    expect((await query(bs, 0, 7_200_000, "00000"))[0].ts.length).toBe(480)
    await Effect.runPromise(store.put(`${a.ulid}/deletion-mark.json`, new TextEncoder().encode("{}")))
    await bs.sync()
    expect(bs.blocks().map((m) => m.ulid)).toEqual([b.ulid])
    const r = await query(bs, 0, 7_200_000, "00000")
    expect(r[0].ts[0]).toBe(3_600_000)
    expect(r[0].ts.length).toBe(240)
  })

  it("deduplicates overlapping blocks (samples at the same timestamp once)", async () => {
    const store = mk()
    const a = makeBlock(0, 3_600_000, 3)
    const b = makeBlock(1_800_000, 5_400_000, 3)
    const whole = makeBlock(0, 5_400_000, 3)
    for (const m of [a, b, whole]) await upload(store, m.ulid)
    const bs = new BucketStore(store, { maxOpenBlocks: 2 })
    await bs.sync()
    const r = await query(bs, 0, 6_000_000)
    expect(r.map((s) => s.labels[3])).toEqual(["00000", "00001", "00002"])
    for (const s of r) {
      expect(s.ts.length).toBe(360)
      for (let k = 1; k < s.ts.length; k++) expect(s.ts[k] - s.ts[k - 1]).toBe(15_000)
      expect(s.vs[5]).toBe(75 + Number(s.labels[3]))
    }
    expect(bs.openBlocks()).toBe(2)
  })

  it("matches external labels when asked", async () => {
    const store = mk()
    const a = makeBlock(0, 3_600_000, 1, {
      thanos: { labels: { replica: "a" }, downsample: { resolution: 0 } }
    })
    const b = makeBlock(0, 3_600_000, 1, {
      thanos: { labels: { replica: "b" }, downsample: { resolution: 0 } }
    })
    for (const m of [a, b]) await upload(store, m.ulid)
    const bs = new BucketStore(store, { externalLabels: { replica: "b" } })
    await bs.sync()
    expect(bs.blocks().map((m) => m.ulid)).toEqual([b.ulid])
  })
})
