/**
 * The delete-series API on a block directory, as Prometheus's `/api/v1/admin/tsdb/delete_series`
 * and `clean_tombstones` do it:
 *
 * - `deleteSeries` adds the closed interval [minT, maxT], clamped to the block's range (so
 *   open-ended deletes such as [-Infinity, +Infinity] work), as a tombstone for every series of
 *   the block that matches all matchers and has a chunk overlapping the interval. Intervals of one
 *   series are merged with the existing ones (overlapping or adjacent intervals become one). The
 *   `tombstones` file is replaced atomically (`tombstones.tmp`, fsync, rename, fsync directory)
 *   and then `meta.json` (same way) with `stats.numTombstones` = number of intervals. Readers
 *   opened earlier keep the old tombstones: reopen the block to see the deletion.
 * - `cleanTombstones` rewrites a block without its deleted samples into a new block (new ULID,
 *   same compaction level and sources, `parents` = the old block) beside it, through compactBlocks;
 *   the old block is left for the caller to delete (deleteBlock) once the new one is in place.
 *
 * Synchronous; local directories only; callers serialise edits of one block.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { type BlockMeta, formatBlockMeta, parseBlockMeta } from "../blocks/block-meta.ts"
import { BlockReader } from "../blocks/block-reader.ts"
import { encodeTombstones, type Tombstone } from "../blocks/tombstones.ts"
import type { IndexMatcher } from "../index/postings-for-matchers.ts"
import { compactBlocks } from "./compactor.ts"

export interface EditOptions {
  /** fsync files and the directory (default true). */
  readonly durable?: boolean
}

export interface DeleteResult {
  /** Series that received the interval. */
  readonly series: number
  /** Tombstone intervals in the block afterwards (`stats.numTombstones`). */
  readonly tombstones: number
}

export type CleanResult =
  | { readonly kind: "unchanged" }
  | { readonly kind: "rewritten"; readonly meta: BlockMeta }
  /** Every sample was deleted: no new block; the old one may simply be deleted. */
  | { readonly kind: "emptied" }

const fsyncPath = (path: string) => {
  const fd = openSync(path, "r")
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Replaces `dir/name` with `data` via `name.tmp` and a rename. */
const replaceFile = (dir: string, name: string, data: Uint8Array | string, durable: boolean) => {
  const tmp = join(dir, `${name}.tmp`)
  writeFileSync(tmp, data)
  if (durable) fsyncPath(tmp)
  renameSync(tmp, join(dir, name))
  if (durable) fsyncPath(dir)
}

/** Sorted, merged closed intervals (adjacent integers join: [1,2] + [3,4] = [1,4]). */
export const mergeIntervals = (
  intervals: ReadonlyArray<readonly [number, number]>
): Array<readonly [number, number]> => {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out: Array<[number, number]> = []
  for (const [a, b] of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

/** Marks [minT, maxT] (inclusive, ms; may be ±Infinity) of the matching series deleted in the block at `blockDir`. */
export const deleteSeries = (
  blockDir: string,
  matchers: ReadonlyArray<IndexMatcher>,
  minT: number,
  maxT: number,
  opts: EditOptions = {}
): DeleteResult => {
  if (Number.isNaN(minT) || Number.isNaN(maxT) || maxT < minT)
    throw new RangeError(`deleteSeries: bad interval [${minT}, ${maxT}]`)
  const reader = BlockReader.openSync(blockDir)
  const bySeries = new Map<number, Array<readonly [number, number]>>()
  let hit = 0
  try {
    for (const t of reader.tombstones) {
      let list = bySeries.get(t.seriesId)
      if (list === undefined) bySeries.set(t.seriesId, (list = []))
      list.push([t.minTime, t.maxTime])
    }
    // Clamped to the block: open-ended deletes (±Infinity, ±2^63) become encodable, same effect.
    const lo = Math.max(Math.ceil(minT), reader.meta.minTime)
    const hi = Math.min(Math.floor(maxT), reader.meta.maxTime - 1)
    if (lo <= hi)
      for (const id of reader.select(matchers)) {
        const s = reader.series(id)
        if (!s.chunks.some((c) => c.minTime <= hi && lo <= c.maxTime)) continue
        let list = bySeries.get(id)
        if (list === undefined) bySeries.set(id, (list = []))
        list.push([lo, hi])
        hit++
      }
  } finally {
    reader.close()
  }
  const tombstones: Tombstone[] = []
  for (const id of [...bySeries.keys()].sort((a, b) => a - b))
    for (const [a, b] of mergeIntervals(bySeries.get(id) ?? []))
      tombstones.push({ seriesId: id, minTime: a, maxTime: b })
  if (hit === 0) return { series: 0, tombstones: tombstones.length }
  const durable = opts.durable ?? true
  replaceFile(blockDir, "tombstones", encodeTombstones(tombstones), durable)
  const metaPath = join(blockDir, "meta.json")
  const meta = parseBlockMeta(readFileSync(metaPath, "utf8"), metaPath)
  const updated: BlockMeta = { ...meta, stats: { ...meta.stats, numTombstones: tombstones.length } }
  replaceFile(blockDir, "meta.json", formatBlockMeta(updated), durable)
  return { series: hit, tombstones: tombstones.length }
}

/** Rewrites the block at `blockDir` without its deleted samples (see the module comment). */
export const cleanTombstones = (
  blockDir: string,
  opts: EditOptions & { readonly ulid?: string } = {}
): CleanResult => {
  const reader = BlockReader.openSync(blockDir)
  const meta = reader.meta
  const any = reader.tombstones.length > 0
  reader.close()
  if (!any) return { kind: "unchanged" }
  const out = compactBlocks(dirname(blockDir), [blockDir], {
    ulid: opts.ulid,
    durable: opts.durable,
    compaction: {
      level: meta.compaction.level,
      sources: meta.compaction.sources.length > 0 ? meta.compaction.sources : [meta.ulid],
      parents: [{ ulid: meta.ulid, minTime: meta.minTime, maxTime: meta.maxTime }]
    }
  })
  return out === undefined ? { kind: "emptied" } : { kind: "rewritten", meta: out }
}
