/**
 * Retention as the Prometheus server applies it to blocks:
 *
 * - time: with blocks ordered newest first (by maxTime), a block is beyond retention when the
 *   newest block's maxTime minus its maxTime exceeds the retention time. The newest block is never
 *   deleted by time.
 * - size: walking newest to oldest and adding each block's bytes (files under its directory) to
 *   `extraBytes`, the first block that takes the total over the limit and every older one are
 *   deleted; this can include the newest block. Prometheus counts the WAL, WBL and head chunk
 *   files as `extraBytes`; callers pass what they have (0 when there is no WAL).
 * A time or size of 0 or less disables that rule.
 *
 * `blocksBeyondRetention` is a pure decision. `deleteBlock` is crash-safe: it renames the block
 * to `<ulid>.tmp-for-deletion` (fsyncing the parent), so the block disappears at once for every
 * loader, then removes the files; `removeTmpDirs` clears leftovers at start-up.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import type { BlockMeta } from "../blocks/block-meta.ts"

export interface RetentionBlock {
  readonly dir: string
  readonly meta: BlockMeta
  /** Bytes of the block directory (see blockSizeBytes). */
  readonly sizeBytes: number
}

export interface RetentionLimits {
  /** Retention time in ms; 0 or absent = no time limit. */
  readonly timeMs?: number
  /** Retention size in bytes; 0 or absent = no size limit. */
  readonly sizeBytes?: number
  /** Bytes counted against the size limit before any block (WAL, head chunks). Default 0. */
  readonly extraBytes?: number
}

export interface RetentionVerdict {
  readonly dir: string
  readonly ulid: string
  readonly reason: "time" | "size"
}

/** The blocks to delete, oldest first; each named once, by the first rule that hits it (time). */
export const blocksBeyondRetention = (
  blocks: ReadonlyArray<RetentionBlock>,
  limits: RetentionLimits
): RetentionVerdict[] => {
  const newestFirst = [...blocks].sort(
    (a, b) => b.meta.maxTime - a.meta.maxTime || b.meta.minTime - a.meta.minTime
  )
  const reasons = new Map<RetentionBlock, "time" | "size">()
  const timeMs = limits.timeMs ?? 0
  if (timeMs > 0 && newestFirst.length > 0) {
    const newestMax = newestFirst[0].meta.maxTime
    for (const b of newestFirst.slice(1)) if (newestMax - b.meta.maxTime > timeMs) reasons.set(b, "time")
  }
  const sizeLimit = limits.sizeBytes ?? 0
  if (sizeLimit > 0) {
    let total = limits.extraBytes ?? 0
    let over = false
    for (const b of newestFirst) {
      total += b.sizeBytes
      if (total > sizeLimit) over = true
      if (over && !reasons.has(b)) reasons.set(b, "size")
    }
  }
  return newestFirst
    .filter((b) => reasons.has(b))
    .reverse()
    .map((b) => ({ dir: b.dir, ulid: b.meta.ulid, reason: reasons.get(b) as "time" | "size" }))
}

/** Bytes of every file under `dir` (a block: chunks/*, index, tombstones, meta.json). */
export const blockSizeBytes = (dir: string): number => {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) total += blockSizeBytes(p)
    else if (e.isFile()) total += statSync(p).size
  }
  return total
}

const fsyncDir = (path: string) => {
  const fd = openSync(path, "r")
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Deletes a block directory crash-safely: rename to `<name>.tmp-for-deletion`, fsync the parent,
 * remove. A crash leaves at most a `.tmp-for-deletion` directory, which loaders skip.
 */
export const deleteBlock = (dir: string): void => {
  const parent = dirname(dir)
  const tmp = join(parent, `${basename(dir)}.tmp-for-deletion`)
  rmSync(tmp, { recursive: true, force: true })
  renameSync(dir, tmp)
  fsyncDir(parent)
  rmSync(tmp, { recursive: true, force: true })
}

/** Removes `<ulid>.tmp-for-creation` / `.tmp-for-deletion` / `.tmp` leftovers; returns their names. */
export const removeTmpDirs = (parentDir: string): string[] => {
  const removed: string[] = []
  for (const name of readdirSync(parentDir))
    if (/^[0-9A-Z]{26}\.tmp(-for-(creation|deletion))?$/.test(name)) {
      rmSync(join(parentDir, name), { recursive: true, force: true })
      removed.push(name)
    }
  return removed
}
