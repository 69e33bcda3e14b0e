import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { FileByteSource, MemoryByteSource } from "./byte-source.ts"
import { IndexReader } from "./index-reader.ts"
import { writeIndex } from "./index-writer.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")

interface FixtureBlock {
  toc: Record<string, number>
  symbols: string[]
  series: Array<{
    ref: number
    labels: Array<[string, string]>
    chunks: Array<{ ref: number; minTime: number; maxTime: number }>
  }>
  postingsOffsetTable: Array<{ name: string; value: string; offset: number; seriesRefs: number[] }>
}
const structure = JSON.parse(readFileSync(join(fixtures, "structure.json"), "utf8")) as {
  blocks: Record<string, FixtureBlock>
}
const ulids = Object.keys(structure.blocks)

const openFixture = (ulid: string) =>
  IndexReader.open(new FileByteSource(join(fixtures, "data", ulid, "index")))

describe.each(ulids)("promtool 2.42 fixture index %s", (ulid) => {
  const want = structure.blocks[ulid]

  it("has the TOC and symbols of structure.json", async () => {
    const r = await openFixture(ulid)
    const t = want.toc
    expect(r.toc).toEqual({
      symbols: t.symbols,
      series: t.series,
      labelIndices: t.label_indices,
      labelOffsetTable: t.label_offset_table,
      postings: t.postings,
      postingsOffsetTable: t.postings_offset_table
    })
    expect(r.symbols).toEqual(want.symbols)
  })

  it("has every series entry (ID, labels, chunk metas) of structure.json", async () => {
    const r = await openFixture(ulid)
    const all = await r.postings("", "")
    expect([...all]).toEqual(want.series.map((s) => s.ref))
    for (const s of want.series) {
      const got = await r.series(s.ref)
      expect(got.labels).toEqual(s.labels.flat())
      expect(got.chunks).toEqual(
        s.chunks.map((c) => ({ minTime: c.minTime, maxTime: c.maxTime, ref: c.ref }))
      )
    }
  })

  it("has every postings list of structure.json, and label names/values from the table", async () => {
    const r = await openFixture(ulid)
    for (const p of want.postingsOffsetTable)
      expect([...(await r.postings(p.name, p.value))]).toEqual(p.seriesRefs)
    const names = [...new Set(want.postingsOffsetTable.map((p) => p.name).filter((n) => n !== ""))]
    expect(r.labelNames()).toEqual(names)
    for (const n of names)
      expect(r.labelValues(n)).toEqual(
        want.postingsOffsetTable.filter((p) => p.name === n).map((p) => p.value)
      )
    expect([...(await r.postings("__name__", "no_such_metric"))]).toEqual([])
    expect([...(await r.postings("no_such_label", "x"))]).toEqual([])
  })

  it("is rewritten byte for byte from its decoded series (legacy label indices on)", async () => {
    const r = await openFixture(ulid)
    const series = []
    for (const id of await r.postings("", "")) series.push(await r.series(id))
    const original = readFileSync(join(fixtures, "data", ulid, "index"))
    expect(Buffer.from(writeIndex(series)).equals(original)).toBe(true)
  })
})

describe("index written without legacy label indices (the 3.7+ shape)", () => {
  it("reads back the same series and postings", async () => {
    const r = await openFixture(ulids[0])
    const series = []
    for (const id of await r.postings("", "")) series.push(await r.series(id))
    const bytes = writeIndex(series, { legacyLabelIndices: false })
    const back = await IndexReader.open(new MemoryByteSource("index", bytes))
    expect(back.toc.labelOffsetTable).toBe(back.toc.postingsOffsetTable)
    expect(back.toc.labelIndices).toBe(back.toc.postings)
    const ids = await back.postings("", "")
    const got = []
    for (const id of ids) got.push(await back.series(id))
    expect(got.map((s) => [s.labels, s.chunks])).toEqual(series.map((s) => [s.labels, s.chunks]))
    expect(back.labelNames()).toEqual(r.labelNames())
  })
})
