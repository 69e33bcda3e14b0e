import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { backfillOpenMetrics } from "./backfill.ts"
import { dumpBlock } from "./block-dump.ts"
import { openBlocks } from "./block-queryable.ts"

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const dumpAll = async (dir: string) => {
  const out: string[] = []
  for (const b of openBlocks(dir)) {
    out.push(`block ${b.meta.minTime}..${b.meta.maxTime} ${b.meta.stats.numSamples}`)
    await dumpBlock(b, (lines) => out.push(...lines.trimEnd().split("\n")))
    b.close()
  }
  return out
}

describe("backfillOpenMetrics", () => {
  it("merges spellings of one series, orders its samples, keeps the first of a repeated timestamp, splits by window", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vesta-backfill-"))
    dirs.push(dir)
    const text = [
      "# TYPE m gauge",
      'm{a="1",b="2"} 1 100',
      'm{b="2",a="1"} 2 200',
      'm{a="1",b="2"} 3 150',
      'm{a="1",b="2"} 4 200',
      'm{a="1",b="2"} 5 7300',
      'm{a="9"} 6 7200',
      "# EOF",
      ""
    ].join("\n")
    const metas = backfillOpenMetrics(text, dir)
    expect(metas.map((m) => [m.minTime, m.maxTime, m.stats.numSeries, m.stats.numSamples])).toEqual([
      [100_000, 200_001, 1, 3],
      [7_200_000, 7_300_001, 2, 2]
    ])
    expect(await dumpAll(dir)).toEqual([
      "block 100000..200001 3",
      '{__name__="m", a="1", b="2"} 1 100000',
      '{__name__="m", a="1", b="2"} 3 150000',
      '{__name__="m", a="1", b="2"} 2 200000',
      "block 7200000..7300001 2",
      '{__name__="m", a="1", b="2"} 5 7300000',
      '{__name__="m", a="9"} 6 7200000'
    ])
    // The file's bytes (as the CLI passes them) give the same blocks.
    const fromBytes = mkdtempSync(join(tmpdir(), "vesta-backfill-"))
    dirs.push(fromBytes)
    backfillOpenMetrics(Buffer.from(text), fromBytes)
    expect(await dumpAll(fromBytes)).toEqual(await dumpAll(dir))
  })
  it("names the line of a sample without a timestamp", () => {
    const dir = mkdtempSync(join(tmpdir(), "vesta-backfill-"))
    dirs.push(dir)
    expect(() => backfillOpenMetrics("m 1 100\nm 2\n# EOF\n", dir)).toThrow(
      "line 2: sample without a timestamp: backfilling needs explicit timestamps"
    )
  })
})
