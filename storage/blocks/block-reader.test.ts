import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { formatG } from "../../protocols/metrics/go-float.ts"
import { type ByteSource, FileByteSource, type SyncByteSource } from "../index/byte-source.ts"
import { compareLabels, type Labels } from "../labels/labels.ts"
import { Matcher } from "../labels/matcher.ts"
import { dumpBlock } from "./block-dump.ts"
import { blocksQueryable, openBlocks } from "./block-queryable.ts"
import { BlockReader } from "./block-reader.ts"
import { encodeTombstones } from "./tombstones.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const data = join(fixtures, "data")
const dumpTxt = readFileSync(join(fixtures, "dump.txt"), "utf8")
const structure = JSON.parse(readFileSync(join(fixtures, "structure.json"), "utf8")) as {
  blocks: Record<string, { series: Array<{ labels: string[][]; chunks: Array<{ numSamples: number }> }> }>
}

/** `promtool tsdb analyze` header lines, from the fixture's saved output. */
const analyzed = (ulid: string) => {
  const text = readFileSync(join(fixtures, `analyze-extended-${ulid}.txt`), "utf8")
  const n = (label: string) => Number(text.match(new RegExp(`^${label}: (\\d+)$`, "m"))?.[1])
  return {
    series: n("Series"),
    names: n("Label names"),
    pairs: n("Postings \\(unique label pairs\\)"),
    entries: n("Postings entries \\(total label pairs\\)")
  }
}

/** `promtool tsdb list` rows: ulid → [minTime, maxTime, samples, chunks, series]. */
const listed = new Map(
  readFileSync(join(fixtures, "list.txt"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(/\s+/))
    .map((c) => [c[0], [c[1], c[2], c[4], c[5], c[6]].map(Number)] as const)
)

describe.each([...listed.keys()])("promtool 2.42 fixture block %s", (ulid) => {
  it("meta.json, series, label pairs and chunk counts agree with list.txt, analyze and structure.json", async () => {
    const r = await BlockReader.open(join(data, ulid))
    const [minTime, maxTime, samples, chunks, series] = listed.get(ulid) ?? []
    expect(r.meta).toMatchObject({
      ulid,
      minTime,
      maxTime,
      version: 1,
      compaction: { level: 1, sources: [ulid] }
    })
    expect(r.meta.stats).toEqual({ numSamples: samples, numChunks: chunks, numSeries: series })
    const ids = await r.index.select([])
    const entries = []
    for (const id of ids) entries.push(await r.index.series(id))
    const a = analyzed(ulid)
    expect(entries.length).toBe(a.series)
    expect(r.index.labelNames().length).toBe(a.names)
    expect(r.index.labelNames().reduce((n, name) => n + r.index.labelValues(name).length, 0)).toBe(a.pairs)
    expect(entries.reduce((n, s) => n + s.labels.length / 2, 0)).toBe(a.entries)
    expect(entries.reduce((n, s) => n + s.chunks.length, 0)).toBe(chunks)
    const want = structure.blocks[ulid].series
    expect(entries.map((s) => s.labels)).toEqual(want.map((s) => s.labels.flat()))
    expect(entries.map((s) => s.chunks.length)).toEqual(want.map((s) => s.chunks.length))
    expect(r.tombstones).toEqual([])
    r.close()
  })
})

describe("every sample of the fixtures", () => {
  it("dumps both blocks exactly as dump.txt (series merged across blocks, as promtool prints them)", async () => {
    const bySeries = new Map<string, { labels: Labels; text: string }>()
    let n = 0
    for (const ulid of listed.keys()) {
      const r = await BlockReader.open(join(data, ulid))
      n += await dumpBlock(r, (text, labels) => {
        const key = labels.join("\xff")
        const e = bySeries.get(key)
        if (e === undefined) bySeries.set(key, { labels, text })
        else e.text += text
      })
      r.close()
    }
    expect(n).toBe(4631)
    const merged = [...bySeries.values()].sort((a, b) => compareLabels(a.labels, b.labels))
    expect(merged.map((s) => s.text).join("")).toBe(dumpTxt)
  })

  it("reads the same samples through the blocks Queryable (series joined across blocks)", async () => {
    const readers = openBlocks(data)
    expect(readers.map((r) => r.meta.ulid)).toEqual([...listed.keys()])
    const lines = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const querier = yield* blocksQueryable(() => readers).querier(-1e15, 1e15)
          const set = yield* querier.select([{ type: "=~", name: "__name__", value: ".+" }])
          const out: string[] = []
          while (set.next()) {
            const s = set.at()
            const inner: string[] = []
            for (let i = 0; i < s.labels.length; i += 2)
              inner.push(`${s.labels[i]}=${JSON.stringify(s.labels[i + 1])}`)
            const it = s.samples()
            while (it.next())
              out.push(
                `{${inner.join(", ")}} ${Object.is(it.value, -0) ? "-0" : formatG(it.value)} ${it.timeMs}`
              )
          }
          return out
        })
      )
    )
    expect(lines.sort()).toEqual(dumpTxt.trim().split("\n").sort())
    for (const r of readers) r.close()
  })

  it("selects with real matchers on the synchronous convenience API", () => {
    const [r] = openBlocks(data)
    const m = Matcher.make("=~", "__name__", "http_.*") as Matcher
    const ids = r.select([m])
    expect([...ids].map((id) => r.series(id).labels[1])).toEqual([
      "http_requests_total",
      "http_requests_total"
    ])
    const first = r.series(ids[0]).chunks[0]
    expect(r.chunk(first.ref).encoding).toBe(1)
    r.close()
  })
})

/** A source that can only be read asynchronously, like an object store. */
const asyncOnly = (inner: SyncByteSource): ByteSource & { ranges: number } => {
  const s = {
    name: inner.name,
    size: inner.size,
    ranges: 0,
    read: async (offset: number, length: number) => {
      s.ranges++
      await new Promise((r) => setImmediate(r))
      return inner.readSync(offset, length)
    },
    close: () => inner.close()
  }
  return s
}

describe("a block over asynchronous sources (the object-store shape)", () => {
  it("answers the same query, applies tombstones (closed intervals), reads by range", async () => {
    const ulid = "01M86DMW78AN7YAF2QQZHC97JD"
    const dir = join(data, ulid)
    const index = asyncOnly(new FileByteSource(join(dir, "index")))
    const segment = asyncOnly(new FileByteSource(join(dir, "chunks/000001")))
    const local = await BlockReader.open(dir)
    const target = (await local.index.select([Matcher.make("=", "code", "500") as Matcher]))[0]
    const tombstones = encodeTombstones([
      { seriesId: target, minTime: 1672538400000, maxTime: 1672538415000 }
    ])
    const r = await BlockReader.fromSources(
      dir,
      readFileSync(join(dir, "meta.json"), "utf8"),
      index,
      [segment],
      tombstones
    )
    expect(r.isSync).toBe(false)
    const query = (readers: BlockReader[]) =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const q = yield* blocksQueryable(() => readers).querier(0, 1e15)
            const set = yield* q.select([{ type: "=", name: "__name__", value: "http_requests_total" }])
            const out: string[] = []
            while (set.next()) {
              const it = set.at().samples()
              while (it.next()) out.push(`${set.at().labels.join(",")} ${it.timeMs} ${it.value}`)
            }
            return out
          })
        )
      )
    const all = await query([local])
    const filtered = await query([r])
    const removed = all.filter((l) => !filtered.includes(l))
    expect(removed.map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual([
      "__name__,http_requests_total,code,500,method,POST 1672538400000",
      "__name__,http_requests_total,code,500,method,POST 1672538415000"
    ])
    expect(removed.length).toBe(2)
    expect(filtered.length).toBe(all.length - 2)
    expect(index.ranges).toBeGreaterThan(0)
    expect(segment.ranges).toBeGreaterThan(0)
    local.close()
    r.close()
  })
})
