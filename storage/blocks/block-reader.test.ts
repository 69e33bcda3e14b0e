import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { Head } from "../head/head.ts"
import { headBlockSeries } from "../head/head-block.ts"
import { blocksQueryable, openBlocks } from "./block-queryable.ts"
import { BlockCorruptError, BlockReader } from "./block-reader.ts"
import { writeBlock } from "./block-writer.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const dir = mkdtempSync(join(tmpdir(), "vesta-blockread-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const dumpAll = (q: ReturnType<typeof blocksQueryable>) =>
  Effect.runSync(
    Effect.scoped(
      Effect.gen(function* () {
        const querier = yield* q.querier(-1e15, 1e15)
        const set = yield* querier.select([{ type: "=~", name: "__name__", value: ".+" }])
        const lines: string[] = []
        while (set.next()) {
          const s = set.at()
          const inner: string[] = []
          for (let i = 0; i < s.labels.length; i += 2)
            inner.push(`${s.labels[i]}=${JSON.stringify(s.labels[i + 1])}`)
          const it = s.samples()
          while (it.next())
            lines.push(`{${inner.join(", ")}} ${Object.is(it.value, -0) ? "-0" : it.value} ${it.timeMs}`)
        }
        return lines
      })
    )
  )

const goNumber = (s: string) =>
  s === "+Inf" ? Number.POSITIVE_INFINITY : s === "-Inf" ? Number.NEGATIVE_INFINITY : Number(s)

describe("reading blocks made by promtool (fixtures)", () => {
  it("returns exactly the samples of dump.txt", () => {
    const readers = openBlocks(join(fixtures, "data"))
    expect(readers.map((r) => r.meta.ulid)).toEqual([
      "01M86DMW5XJ5D6DENGZM7ATF6F",
      "01M86DMW78AN7YAF2QQZHC97JD"
    ])
    const ours = dumpAll(blocksQueryable(() => readers))
    const theirs = readFileSync(join(fixtures, "dump.txt"), "utf8").trim().split("\n")
    expect(ours.length).toBe(theirs.length)
    const key = (l: string) => {
      const m = l.match(/^(\{.*\}) (\S+) (\d+)$/) as RegExpMatchArray
      return `${m[1]} ${m[3]}`
    }
    const want = new Map(theirs.map((l) => [key(l), l.match(/ (\S+) \d+$/)?.[1] as string]))
    for (const l of ours) {
      const m = l.match(/^(\{.*\}) (\S+) (\d+)$/) as RegExpMatchArray
      const w = want.get(`${m[1]} ${m[3]}`)
      expect(w, l).toBeDefined()
      const a = Number(m[2])
      const b = goNumber(w as string)
      if (Number.isNaN(b)) expect(Number.isNaN(a)).toBe(true)
      else expect(a).toBe(b)
    }
    for (const r of readers) r.close()
  })
})

describe("corruption is detected with file and offset", () => {
  const src = join(dir, "src")
  mkdirSync(src)
  const head = new Head()
  for (let i = 0; i < 240; i++) {
    head.append(["__name__", "m", "i", "a"], 1_767_225_600_000 + i * 15_000, i)
    head.append(["__name__", "m", "i", "b"], 1_767_225_600_000 + i * 15_000, -i)
  }
  const meta = writeBlock(src, headBlockSeries(head, 1_767_225_600_000, 1_767_225_600_000 + 7_200_000), {
    minTime: 1_767_225_600_000,
    maxTime: 1_767_225_600_000 + 7_200_000
  })
  const copy = (name: string) => {
    const d = join(dir, name)
    cpSync(join(src, meta.ulid), d, { recursive: true })
    return d
  }
  const flip = (file: string, at: number) => {
    const b = readFileSync(file)
    b[at] ^= 0xff
    writeFileSync(file, b)
  }
  const readAll = (d: string) => {
    const r = new BlockReader(d)
    try {
      for (const id of r.select([])) for (const c of r.series(id).chunks) r.chunk(c.ref)
    } finally {
      r.close()
    }
  }
  it("reads the intact copy", () => expect(() => readAll(copy("ok"))).not.toThrow())
  it.each<[string, (d: string) => void, RegExp]>([
    [
      "a flipped byte in a series entry",
      (d) => flip(join(d, "index"), 48 + 3),
      /corrupt block file .*index at offset \d+: CRC mismatch in series/
    ],
    [
      "a flipped byte in a chunk",
      (d) => flip(join(d, "chunks", "000001"), 40),
      /corrupt block file .*000001 at offset \d+: chunk CRC mismatch/
    ],
    [
      "a truncated chunk file",
      (d) => truncateSync(join(d, "chunks", "000001"), 60),
      /corrupt block file .*000001 at offset \d+: (chunk of \d+ bytes truncated|truncated)/
    ],
    [
      "a flipped byte in the TOC",
      (d) => flip(join(d, "index"), readFileSync(join(d, "index")).length - 20),
      /corrupt block file .*index at offset \d+: TOC CRC mismatch/
    ]
  ])("%s", (name, damage, message) => {
    const d = copy(name.replace(/\W+/g, "-"))
    damage(d)
    expect(() => readAll(d)).toThrow(BlockCorruptError)
    expect(() => readAll(d)).toThrow(message)
  })
  it("reads by range: a selective query reads a small part of a larger index", () => {
    const big = new Head()
    for (let s = 0; s < 2000; s++)
      for (let i = 0; i < 10; i++)
        big.append(["__name__", "m", "series", `s${s}`], 1_767_225_600_000 + i * 15_000, i)
    const out = join(dir, "big")
    mkdirSync(out)
    const m = writeBlock(out, headBlockSeries(big, 1_767_225_600_000, 1_767_225_600_000 + 7_200_000), {
      minTime: 1_767_225_600_000,
      maxTime: 1_767_225_600_000 + 7_200_000
    })
    const r = new BlockReader(join(out, m.ulid))
    const headerBytes = r.indexBytesRead
    const ids = r.select([{ type: "=", name: "series", value: "s1234" }])
    expect(ids.length).toBe(1)
    expect(r.series(ids[0]).labels).toEqual(["__name__", "m", "series", "s1234"])
    const size = readFileSync(join(out, m.ulid, "index")).length
    expect(r.indexBytesRead - headerBytes).toBeLessThan(200)
    expect(r.indexBytesRead).toBeLessThan(size)
    r.close()
    copyFileSync(join(out, m.ulid, "meta.json"), join(dir, "meta-copy.json"))
  })
})
