import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { encodingXor, XorAppender } from "../chunks/xor-chunk.ts"
import { CorruptionError } from "../index/corruption-error.ts"
import { compareLabels, labelsFromObject } from "../labels/labels.ts"
import { Matcher } from "../labels/matcher.ts"
import { BlockReader } from "./block-reader.ts"
import { writeBlock } from "./block-writer.ts"
import { encodeTombstones } from "./tombstones.ts"

const scratch = mkdtempSync(join(tmpdir(), "vesta-blockcorrupt-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// A small block: 6 series of 200 samples (2 chunks each).
const series = Array.from({ length: 6 }, (_, s) => {
  const a = new XorAppender()
  const b = new XorAppender()
  for (let i = 0; i < 200; i++) (i < 120 ? a : b).append(1_000_000 + i * 1000, i * (s + 1))
  const chunk = (x: XorAppender) => ({
    minTime: x.minTime,
    maxTime: x.maxTime,
    encoding: encodingXor,
    data: x.view().slice(),
    numSamples: x.count
  })
  return { labels: labelsFromObject({ __name__: `m${s % 2}`, i: String(s) }), chunks: [chunk(a), chunk(b)] }
}).sort((x, y) => compareLabels(x.labels, y.labels))
const meta = writeBlock(scratch, series, undefined, { durable: false })
const original = join(scratch, meta.ulid)

/** Layout facts of the intact block, for computing where each damage lands. */
const layout = await (async () => {
  const r = await BlockReader.open(original)
  const names = r.index.namePostings("__name__")
  const ids = await r.index.select([])
  const s = await r.index.series(ids[3])
  r.close()
  return {
    toc: r.index.toc,
    m1List: names?.offsets[1] ?? 0,
    seriesId: ids[3],
    chunkRef: s.chunks[1].ref,
    lastChunkRef: (await (await BlockReader.open(original)).index.series(ids[5])).chunks[1].ref
  }
})()

let copies = 0
const copy = () => {
  const d = join(scratch, `copy-${++copies}`)
  cpSync(original, d, { recursive: true })
  return d
}
const flip = (file: string, at: number) => {
  const b = readFileSync(file)
  b[at] ^= 0x5a
  writeFileSync(file, b)
}
const m = (type: "=" | "=~", name: string, value: string) => Matcher.make(type, name, value) as Matcher

/** Opens the block and reads everything a query for each series would read. */
const readEverything = async (d: string) => {
  const r = await BlockReader.open(d)
  try {
    await r.index.select([m("=", "__name__", "m1")])
    for (const id of await r.index.select([]))
      for (const c of (await r.index.series(id)).chunks) await r.chunks.chunk(c.ref)
  } finally {
    r.close()
  }
}

describe("damaged blocks are rejected with the file and offset named", () => {
  it("the intact block reads", async () => {
    await expect(readEverything(copy())).resolves.toBeUndefined()
  })

  const indexSize = readFileSync(join(original, "index")).length
  it.each<[string, (d: string) => void, string, () => number, RegExp]>([
    [
      "a flipped byte in a postings list",
      (d) => flip(join(d, "index"), layout.m1List + 9),
      "index",
      () => layout.m1List,
      /postings list checksum mismatch/
    ],
    [
      "a flipped byte in a series entry",
      (d) => flip(join(d, "index"), layout.seriesId * 16 + 4),
      "index",
      () => layout.seriesId * 16,
      /series \d+ entry checksum mismatch/
    ],
    [
      "a flipped byte in the symbol table",
      (d) => flip(join(d, "index"), 12),
      "index",
      () => 5,
      /symbol table checksum mismatch/
    ],
    [
      "a flipped byte in the postings offset table",
      (d) => flip(join(d, "index"), layout.toc.postingsOffsetTable + 6),
      "index",
      () => layout.toc.postingsOffsetTable,
      /postings offset table checksum mismatch/
    ],
    [
      "a flipped byte in the TOC",
      (d) => flip(join(d, "index"), indexSize - 30),
      "index",
      () => indexSize - 52,
      /TOC checksum mismatch/
    ],
    [
      "a truncated index",
      (d) => truncateSync(join(d, "index"), 30),
      "index",
      () => 0,
      /too short for header and TOC/
    ],
    [
      "a wrong index version",
      (d) => flip(join(d, "index"), 4),
      "index",
      () => 4,
      /unsupported index format version 88/
    ],
    [
      "a flipped byte in a chunk",
      (d) => flip(join(d, "chunks/000001"), (layout.chunkRef % 2 ** 32) + 20),
      "chunks/000001",
      () => layout.chunkRef % 2 ** 32,
      /chunk checksum mismatch/
    ],
    [
      "a truncated chunks file",
      (d) => truncateSync(join(d, "chunks/000001"), (layout.lastChunkRef % 2 ** 32) + 30),
      "chunks/000001",
      () => layout.lastChunkRef % 2 ** 32,
      /runs past the end of the segment/
    ],
    [
      "a bad segment magic",
      (d) => flip(join(d, "chunks/000001"), 1),
      "chunks/000001",
      () => 0,
      /segment magic 0x85e740dd/
    ],
    [
      "a tombstones checksum",
      (d) => flip(join(d, "tombstones"), 8),
      "tombstones",
      () => 5,
      /tombstones checksum mismatch/
    ],
    ["a tombstones magic", (d) => flip(join(d, "tombstones"), 0), "tombstones", () => 0, /tombstones magic/],
    [
      "meta.json version 2",
      (d) => writeFileSync(join(d, "meta.json"), JSON.stringify({ ...meta, version: 2 })),
      "meta.json",
      () => 0,
      /field "version" must be 1, got 2/
    ],
    [
      "meta.json without minTime",
      (d) => writeFileSync(join(d, "meta.json"), JSON.stringify({ ...meta, minTime: "x" })),
      "meta.json",
      () => 0,
      /field "minTime" must be an integer, got "x"/
    ]
  ])("%s", async (_name, damage, file, offset, reason) => {
    const d = copy()
    damage(d)
    const error = await readEverything(d).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(CorruptionError)
    const c = error as CorruptionError
    expect(c.file).toBe(join(d, file))
    expect(c.offset).toBe(offset())
    expect(c.message).toMatch(reason)
    expect(c.message).toContain(`corrupt file ${join(d, file)} at offset ${offset()}: `)
  })

  it("an unknown encoding byte (CRC recomputed to match) is named, not misread", async () => {
    const d = copy()
    const file = join(d, "chunks/000001")
    const b = readFileSync(file)
    const at = layout.chunkRef % 2 ** 32
    const lenBytes = b[at] >= 0x80 ? 2 : 1
    const len = b[at] >= 0x80 ? (b[at] & 0x7f) + b[at + 1] * 128 : b[at]
    b[at + lenBytes] = 9
    const crc = crc32c(b, at + lenBytes, at + lenBytes + 1 + len)
    b.writeUInt32BE(crc, at + lenBytes + 1 + len)
    writeFileSync(file, b)
    await expect(readEverything(d)).rejects.toThrow(
      `corrupt file ${file} at offset ${at + lenBytes}: unknown chunk encoding 9`
    )
  })

  it("tombstones with records round-trip and are applied intervals (closed)", async () => {
    const d = copy()
    writeFileSync(
      join(d, "tombstones"),
      encodeTombstones([{ seriesId: layout.seriesId, minTime: 1_000_000, maxTime: 1_010_000 }])
    )
    const r = await BlockReader.open(d)
    expect(r.tombstones).toEqual([{ seriesId: layout.seriesId, minTime: 1_000_000, maxTime: 1_010_000 }])
    r.close()
  })
})
