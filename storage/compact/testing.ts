/**
 * Test helpers for storage/compact (imported by its tests only): blocks built from sample lists
 * with BlockWriter, blocks read back sample by sample (tombstones applied), and promtool's dump
 * of a set of block directories.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { basename, join } from "node:path"
import { runTool } from "../../test/support/run-tool.ts"
import type { BlockMeta } from "../blocks/block-meta.ts"
import { BlockReader } from "../blocks/block-reader.ts"
import { type BlockChunk, writeBlock } from "../blocks/block-writer.ts"
import { isDeleted } from "../blocks/tombstones.ts"
import { encodingXor, XorAppender, XorIterator } from "../chunks/xor-chunk.ts"
import { compareLabels, type Labels, labelsFromObject } from "../labels/labels.ts"

/** A sample as exact bits: time, high and low 32 bits of the float64. */
export type Sample = readonly [t: number, hi: number, lo: number]

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

export const bitsOf = (t: number, v: number): Sample => {
  f64[0] = v
  return little ? [t, u32[1], u32[0]] : [t, u32[0], u32[1]]
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** XOR chunks of samples in time order, cut where Vesta cuts (120 samples or ~1 KiB). */
export const chunksOf = (samples: ReadonlyArray<Sample>, perChunk = 120): BlockChunk[] => {
  const out: BlockChunk[] = []
  let a = new XorAppender()
  const cut = () => {
    if (a.count > 0)
      out.push({
        minTime: a.minTime,
        maxTime: a.maxTime,
        encoding: encodingXor,
        data: a.bytes(),
        numSamples: a.count
      })
    a = new XorAppender()
  }
  for (const [t, hi, lo] of samples) {
    if (a.full || a.count >= perChunk) cut()
    a.appendBits(t, hi, lo)
  }
  cut()
  return out
}

export interface TestSeries {
  readonly labels: Record<string, string>
  readonly samples: ReadonlyArray<Sample>
}

/** Writes a level-1 block of `series` under `parent` (non-durable scratch block). */
export const makeBlock = (
  parent: string,
  series: ReadonlyArray<TestSeries>,
  bounds?: { minTime: number; maxTime: number },
  perChunk = 120
): BlockMeta => {
  const sorted = series
    .map((s) => ({ labels: labelsFromObject(s.labels), chunks: chunksOf(s.samples, perChunk) }))
    .filter((s) => s.chunks.length > 0)
    .sort((a, b) => compareLabels(a.labels, b.labels))
  return writeBlock(parent, sorted, bounds, { durable: false })
}

export const labelsKey = (l: Labels): string => JSON.stringify(l)

/** Every sample of a block (tombstones applied), by series, in time order; plus chunk counts. */
export const readBlock = (dir: string): { series: Map<string, Sample[]>; chunkSizes: number[] } => {
  const r = BlockReader.openSync(dir)
  const it = new XorIterator()
  const series = new Map<string, Sample[]>()
  const chunkSizes: number[] = []
  try {
    for (const id of r.select([])) {
      const s = r.series(id)
      const out: Sample[] = []
      for (let i = 0; i < s.chunks.length; i++) {
        const c = r.chunk(s.chunks[i].ref, s.chunks[i + 1]?.ref)
        it.reset(c.data)
        chunkSizes.push(it.count)
        while (it.next())
          if (!isDeleted(r.tombstones, id, it.timeMs)) out.push([it.timeMs, it.valueHi, it.valueLo])
      }
      if (out.length > 0) series.set(labelsKey(s.labels), out)
    }
  } finally {
    r.close()
  }
  return { series, chunkSizes }
}

/**
 * `promtool tsdb dump` of a database holding copies of `blockDirs` (promtool merges overlapping
 * blocks and applies tombstones). Throws on a non-zero exit or any stderr output.
 */
export const promtoolDump = async (scratch: string, blockDirs: ReadonlyArray<string>): Promise<string> => {
  const db = mkdtempSync(join(scratch, "promtool-"))
  try {
    for (const d of blockDirs) cpSync(d, join(db, basename(d)), { recursive: true })
    mkdirSync(join(db, "wal"))
    const r = await runTool("promtool", ["tsdb", "dump", db])
    if (r.code !== 0 || r.stderr.trim() !== "")
      throw new Error(`promtool tsdb dump exited ${r.code}: ${r.stderr.slice(0, 500)}`)
    return r.stdout
  } finally {
    rmSync(db, { recursive: true, force: true })
  }
}

/** `promtool tsdb analyze --extended` of one block (reads every chunk); throws on failure. */
export const promtoolAnalyze = async (scratch: string, blockDir: string): Promise<string> => {
  const db = mkdtempSync(join(scratch, "promtool-"))
  try {
    cpSync(blockDir, join(db, basename(blockDir)), { recursive: true })
    mkdirSync(join(db, "wal"))
    const r = await runTool("promtool", ["tsdb", "analyze", "--extended", db, basename(blockDir)])
    if (r.code !== 0 || r.stderr.trim() !== "")
      throw new Error(`promtool tsdb analyze exited ${r.code}: ${r.stderr.slice(0, 500)}`)
    return r.stdout
  } finally {
    rmSync(db, { recursive: true, force: true })
  }
}
