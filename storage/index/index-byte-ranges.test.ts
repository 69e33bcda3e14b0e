import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { compareLabels, type Labels, labelsFromObject } from "../labels/labels.ts"
import { Matcher } from "../labels/matcher.ts"
import { CountingByteSource, FileByteSource } from "./byte-source.ts"
import { IndexReader } from "./index-reader.ts"
import { writeIndex } from "./index-writer.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-index-ranges-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// 8,000 series (20 metrics × 20 instances × 20 jobs), 12 chunks each: a 2 h block of a small fleet.
const series: Array<{ labels: Labels; chunks: Array<{ minTime: number; maxTime: number; ref: number }> }> = []
for (let n = 0; n < 20; n++)
  for (let i = 0; i < 20; i++)
    for (let j = 0; j < 20; j++)
      series.push({
        labels: labelsFromObject({ __name__: `metric_${n}`, instance: `10.0.${i}.1:9100`, job: `job-${j}` }),
        chunks: []
      })
series.sort((a, b) => compareLabels(a.labels, b.labels))
let ref = 8
for (const s of series)
  for (let c = 0; c < 12; c++) {
    s.chunks.push({ minTime: c * 600_000, maxTime: c * 600_000 + 585_000, ref })
    ref += 300
  }
const path = join(dir, "index")
const bytes = writeIndex(series)
writeFileSync(path, bytes)
const m = (type: "=" | "=~" | "!=", name: string, value: string) => Matcher.make(type, name, value) as Matcher

describe("the index reader reads by byte ranges only", () => {
  it.each<[string, Matcher[], number, number]>([
    // matchers, series selected, most index bytes the query may read after opening
    [
      "one series by three equalities",
      [m("=", "__name__", "metric_7"), m("=", "instance", "10.0.3.1:9100"), m("=", "job", "job-11")],
      1,
      3 * (8 + 4 * 400) + 300
    ],
    [
      "one metric of one job",
      [m("=", "__name__", "metric_7"), m("=", "job", "job-11")],
      20,
      2 * (8 + 4 * 400) + 20 * 300
    ],
    [
      "a regex over two instances and a negative matcher",
      [
        m("=~", "instance", "10\\.0\\.(1|2)\\.1:9100"),
        m("=", "__name__", "metric_1"),
        m("!=", "job", "job-0")
      ],
      38,
      5 * (8 + 4 * 400) + 38 * 300
    ]
  ])("%s", async (_name, matchers, count, queryBytesMax) => {
    const src = new CountingByteSource(new FileByteSource(path))
    const index = await IndexReader.open(src)
    const header = src.bytesRead
    const ids = await index.select(matchers)
    const found = []
    for (const id of ids) found.push(await index.series(id))
    const query = src.bytesRead - header
    expect(found.length).toBe(count)
    for (const s of found) for (const x of matchers) expect(x.matchesLabels(s.labels)).toBe(true)
    // Header = TOC + symbols + postings offset table: a few KB of a ~1 MB file.
    expect(header).toBeLessThan(bytes.length / 50)
    expect(query).toBeLessThanOrEqual(queryBytesMax)
    expect(header + query).toBeLessThan(bytes.length / 20)
    await src.close()
  })

  it("reads a postings list in one range and a series entry in one range", async () => {
    const src = new CountingByteSource(new FileByteSource(path))
    const index = await IndexReader.open(src)
    const before = src.reads
    const ids = await index.postings("job", "job-3")
    expect(ids.length).toBe(400)
    expect(src.reads - before).toBe(1)
    await index.series(ids[17])
    expect(src.reads - before).toBe(2)
    await src.close()
  })
})
