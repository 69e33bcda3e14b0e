import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { formatG } from "../../protocols/metrics/go-float.ts"
import { runTool } from "../../test/support/run-tool.ts"
import { encodingXor, XorAppender } from "../chunks/xor-chunk.ts"
import { compareLabels, type Labels, labelsFromObject } from "../labels/labels.ts"
import { dumpBlock } from "./block-dump.ts"
import { openBlocks } from "./block-queryable.ts"
import { BlockReader } from "./block-reader.ts"
import { type BlockChunk, type BlockSeries, BlockWriter, writeBlock } from "./block-writer.ts"
import { isUlid, UlidFactory, ulid, ulidTime } from "./ulid.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const scratch = mkdtempSync(join(tmpdir(), "vesta-blockwrite-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => {
  const d = join(scratch, String(++dirs))
  mkdirSync(d)
  return d
}

/** XOR chunks of (t, v) samples, cut where Vesta cuts (120 samples or ~1 KiB). */
const chunksOf = (samples: ReadonlyArray<readonly [number, number]>): BlockChunk[] => {
  const out: BlockChunk[] = []
  let a = new XorAppender()
  const cut = () => {
    if (a.count > 0)
      out.push({
        minTime: a.minTime,
        maxTime: a.maxTime,
        encoding: encodingXor,
        data: a.view().slice(),
        numSamples: a.count
      })
    a = new XorAppender()
  }
  for (const [t, v] of samples) {
    if (a.full) cut()
    a.append(t, v)
  }
  cut()
  return out
}

/** promtool's dump line for one sample. */
const line = (labels: Labels, t: number, v: number) => {
  const inner: string[] = []
  for (let i = 0; i < labels.length; i += 2) inner.push(`${labels[i]}=${JSON.stringify(labels[i + 1])}`)
  return `{${inner.join(", ")}} ${Object.is(v, -0) ? "-0" : formatG(v)} ${t}`
}

/** Runs promtool list, analyze --extended and dump on a copy of one block. */
const promtool = async (blockDir: string, ulidName: string) => {
  const db = mkdtempSync(join(scratch, "promtool-"))
  cpSync(blockDir, join(db, ulidName), { recursive: true })
  mkdirSync(join(db, "wal")) // dump opens the directory as a database and replays its WAL
  const list = await runTool("promtool", ["tsdb", "list", db])
  const analyze = await runTool("promtool", ["tsdb", "analyze", "--extended", db, ulidName])
  const dump = await runTool("promtool", ["tsdb", "dump", db])
  return { list, analyze, dump }
}

const start = 1_767_225_600_000 // 2026-01-01T00:00:00Z, a multiple of 2 h

/** A varied set of series: counters, gauges, special values, UTF-8 labels, many chunks. */
const generated = (): { series: BlockSeries[]; lines: string[] } => {
  const raw: Array<{ labels: Labels; samples: Array<[number, number]> }> = []
  for (let s = 0; s < 40; s++) {
    const samples: Array<[number, number]> = []
    for (let i = 0; i < 480; i++)
      samples.push([start + i * 15_000 + (s % 3), s % 2 === 0 ? i * (s + 1) : Math.sin(i / 7) * 1e3])
    raw.push({
      labels: labelsFromObject({
        __name__: `metric_${s % 5}`,
        instance: `host-${s}`,
        zone: s % 4 === 0 ? "ünï" : "eu"
      }),
      samples
    })
  }
  raw.push({
    labels: labelsFromObject({ __name__: "odd", Zone: "upper case sorts first" }),
    samples: [
      [start + 1, Number.NaN],
      [start + 2, Number.POSITIVE_INFINITY],
      [start + 3, Number.NEGATIVE_INFINITY],
      [start + 4, -0],
      [start + 5, 5e-324],
      [start + 6_000_000, 1.7976931348623157e308]
    ]
  })
  raw.sort((a, b) => compareLabels(a.labels, b.labels))
  return {
    series: raw.map((r) => ({ labels: r.labels, chunks: chunksOf(r.samples) })),
    lines: raw.flatMap((r) => r.samples.map(([t, v]) => line(r.labels, t, v)))
  }
}

describe("ULIDs", () => {
  it("encode time and randomness as Prometheus's", () => {
    const id = ulid(1672534800000, new Uint8Array(10))
    expect(id).toMatch(/^01GNN[0-9A-Z]{5}0{16}$/)
    expect(isUlid(id)).toBe(true)
    expect(ulidTime(id)).toBe(1672534800000)
    expect(ulidTime("01M86DMW5XJ5D6DENGZM7ATF6F")).toBe(
      ulidTime(ulid(ulidTime("01M86DMW5XJ5D6DENGZM7ATF6F")))
    )
    expect(isUlid("01M86DMW5XJ5D6DENGZM7ATF6F")).toBe(true)
    expect(isUlid("81M86DMW5XJ5D6DENGZM7ATF6F")).toBe(false)
    expect(isUlid("01M86DMW5XJ5D6DENGZM7ATF6F.tmp-for-creation")).toBe(false)
  })

  it("are strictly increasing from one factory, also within a millisecond and when the clock steps back", () => {
    const f = new UlidFactory(() => new Uint8Array(10).fill(0xfe))
    const ids = [f.next(1000), f.next(1000), f.next(1000), f.next(999), f.next(1001)]
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1], `${ids[i]} > ${ids[i - 1]}`).toBe(true)
    expect(ids.map(ulidTime)).toEqual([1000, 1000, 1000, 1000, 1001])
    const full = new UlidFactory(() => new Uint8Array(10).fill(0xff))
    full.next(5)
    expect(() => full.next(5)).toThrow("overflowed within millisecond 5")
  })
})

describe("rewriting a promtool fixture block", () => {
  it.each(["01M86DMW5XJ5D6DENGZM7ATF6F", "01M86DMW78AN7YAF2QQZHC97JD"])(
    "%s gives byte-identical index and chunks/000001",
    async (id) => {
      const src = await BlockReader.open(join(fixtures, "data", id))
      const out = freshDir()
      const w = new BlockWriter(out, { durable: false })
      for (const sid of await src.index.select([])) {
        const s = await src.index.series(sid)
        const chunks: BlockChunk[] = []
        for (const c of s.chunks) {
          const b = await src.chunks.chunk(c.ref)
          chunks.push({
            minTime: c.minTime,
            maxTime: c.maxTime,
            encoding: b.encoding,
            data: b.data,
            numSamples: (b.data[0] << 8) | b.data[1]
          })
        }
        w.addSeries(s.labels, chunks)
      }
      const meta = w.commit({ minTime: src.meta.minTime, maxTime: src.meta.maxTime })
      expect(meta.stats).toEqual(src.meta.stats)
      for (const f of ["index", "chunks/000001", "tombstones"])
        expect(
          readFileSync(join(out, meta.ulid, f)).equals(readFileSync(join(fixtures, "data", id, f))),
          f
        ).toBe(true)
      src.close()
    }
  )
})

describe("a generated block, checked by the real promtool 2.42", async () => {
  const { series, lines } = generated()
  const dir = freshDir()
  const meta = writeBlock(dir, series, undefined, { durable: true })
  const blockDir = join(dir, meta.ulid)
  const tool = await promtool(blockDir, meta.ulid)

  it("lands atomically under its ULID with exact meta.json", () => {
    expect(readdirSync(dir)).toEqual([meta.ulid])
    const onDisk = JSON.parse(readFileSync(join(blockDir, "meta.json"), "utf8"))
    expect(onDisk).toEqual({
      ulid: meta.ulid,
      minTime: start,
      maxTime: start + 479 * 15_000 + 2 + 1, // last sample of host-2 (t offset 2) + 1
      stats: {
        numSamples: lines.length,
        numSeries: series.length,
        numChunks: series.reduce((n, s) => n + s.chunks.length, 0)
      },
      compaction: { level: 1, sources: [meta.ulid] },
      version: 1
    })
    expect(readFileSync(join(blockDir, "meta.json"), "utf8")).toContain('\n\t"ulid"')
  })

  it("promtool list shows its bounds and stats", () => {
    expect(tool.list.code, tool.list.stderr).toBe(0)
    const row = tool.list.stdout.trim().split("\n")[1].split(/\s+/)
    expect([row[0], row[1], row[2], row[4], row[5], row[6]]).toEqual(
      [
        meta.ulid,
        meta.minTime,
        meta.maxTime,
        meta.stats.numSamples,
        meta.stats.numChunks,
        meta.stats.numSeries
      ].map(String)
    )
  })

  it("promtool analyze --extended reads every series and chunk without complaint", () => {
    expect(tool.analyze.code, tool.analyze.stderr).toBe(0)
    expect(tool.analyze.stderr).toBe("")
    expect(tool.analyze.stdout).toContain(`\nSeries: ${series.length}\n`)
    // __name__, instance, zone, Zone
    expect(tool.analyze.stdout).toContain("\nLabel names: 4\n")
    expect(tool.analyze.stdout).toContain(`\nPostings (unique label pairs): ${5 + 40 + 2 + 2}\n`)
  })

  it("promtool dump prints exactly our samples", () => {
    expect(tool.dump.code, tool.dump.stderr).toBe(0)
    expect(tool.dump.stderr).toBe("")
    expect(tool.dump.stdout).toBe(`${lines.join("\n")}\n`)
  })

  it("reads back identical (write → read round trip)", async () => {
    const r = await BlockReader.open(blockDir)
    let out = ""
    await dumpBlock(r, (s) => (out += s))
    expect(out).toBe(`${lines.join("\n")}\n`)
    const back = []
    for (const id of await r.index.select([])) back.push(await r.index.series(id))
    expect(back.map((s) => s.labels)).toEqual(series.map((s) => s.labels))
    r.close()
  })
})

describe("several chunk segments", async () => {
  const { series, lines } = generated()
  const dir = freshDir()
  const meta = writeBlock(dir, series, undefined, {
    durable: false,
    segmentBytesMax: 8 * 1024,
    legacyLabelIndices: false
  })
  const blockDir = join(dir, meta.ulid)

  it("rolls over at the size limit and references by 0-based segment position", async () => {
    const files = readdirSync(join(blockDir, "chunks"))
    expect(files.length).toBeGreaterThan(3)
    expect(files[0]).toBe("000001")
    for (const f of files)
      expect(readFileSync(join(blockDir, "chunks", f)).length).toBeLessThanOrEqual(8 * 1024)
    const r = await BlockReader.open(blockDir)
    const last = await r.index.series((await r.index.select([])).at(-1) ?? 0)
    expect(Math.floor((last.chunks.at(-1)?.ref ?? 0) / 2 ** 32)).toBe(files.length - 1)
    let out = ""
    await dumpBlock(r, (s) => (out += s))
    expect(out).toBe(`${lines.join("\n")}\n`)
    r.close()
  })

  it("is accepted by promtool (no legacy label indices, many segments)", async () => {
    const tool = await promtool(blockDir, meta.ulid)
    expect(tool.analyze.code, tool.analyze.stderr).toBe(0)
    expect(tool.dump.code, tool.dump.stderr).toBe(0)
    expect(tool.dump.stdout).toBe(`${lines.join("\n")}\n`)
  })
})

describe("atomic creation", () => {
  it("an unfinished writer leaves only a .tmp-for-creation directory, which loaders skip", () => {
    const dir = freshDir()
    const { series } = generated()
    writeBlock(dir, series.slice(0, 2), undefined, { durable: false })
    const w = new BlockWriter(dir, { durable: false })
    w.addSeries(series[0].labels, series[0].chunks) // then the process "dies": no commit
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp-for-creation"))).toEqual([
      `${w.ulid}.tmp-for-creation`
    ])
    expect(existsSync(join(dir, w.ulid))).toBe(false)
    expect(openBlocks(dir).map((b) => b.meta.stats.numSeries)).toEqual([2])
  })

  it.each<[string, (w: BlockWriter, s: BlockSeries[]) => void, string]>([
    [
      "series out of order",
      (w, s) => {
        w.addSeries(s[1].labels, s[1].chunks)
        w.addSeries(s[0].labels, s[0].chunks)
      },
      "is not after"
    ],
    ["no series", () => {}, "needs at least one sample"],
    [
      "bounds not covering the chunks",
      (w, s) => {
        w.addSeries(s[0].labels, s[0].chunks)
      },
      "outside"
    ]
  ])("a failed write (%s) leaves nothing behind", (_name, add, message) => {
    const dir = freshDir()
    const { series } = generated()
    const w = new BlockWriter(dir, { durable: false })
    const run = () => {
      try {
        add(w, series)
      } catch (e) {
        w.abort()
        throw e
      }
      w.commit({ minTime: start + 10, maxTime: start + 20 })
    }
    expect(run).toThrow(message)
    expect(readdirSync(dir)).toEqual([])
  })
})
