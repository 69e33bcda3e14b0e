/**
 * The bucket compactor (`vesta compact`, Thanos's compactor's job; ../shared/specs/long-term-
 * storage.md §7): one pass lists the complete blocks (a ULID folder with meta.json), groups them by
 * (resolution, external labels), plans each group like Prometheus with Thanos's ranges (2h → 8h →
 * 2d → 14d; overlaps first), downloads the inputs into a scratch directory, compacts them
 * (storage/compact), uploads the result (meta.json last) and marks the inputs with
 * `deletion-mark.json`. Then raw-resolution retention marks expired blocks, and the cleaner deletes
 * blocks marked longer ago than the delete delay (meta.json first, the mark last). Readers hide
 * a compacted block's inputs by its `compaction.sources`, so queries never see both twice.
 * One compactor per bucket (object stores have no safe lock).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { Effect, Stream } from "effect"
import { type BlockMeta, parseBlockMeta } from "../blocks/block-meta.ts"
import { isUlid } from "../blocks/ulid.ts"
import { compactInWorker } from "../compact/compact-worker.ts"
import { planCompaction } from "../compact/planner.ts"
import type { ObjectStoreShape, ObjectStoreUnavailableError } from "../object-store/object-store.ts"
import { uploadBlock } from "../ship/shipper.ts"

const hour = 3600_000
/** Thanos's compaction ranges (its `compactionSet` without the 1h input granularity). */
export const thanosRanges: ReadonlyArray<number> = [2 * hour, 8 * hour, 48 * hour, 14 * 24 * hour]

export interface ThanosSection {
  readonly labels?: Readonly<Record<string, string>>
  readonly downsample?: { readonly resolution?: number }
  readonly source?: string
}

export interface BucketBlock {
  readonly ulid: string
  readonly meta: BlockMeta & { readonly thanos?: ThanosSection }
  /** Unix seconds of `deletion-mark.json`, when the block carries one. */
  readonly deletionTime?: number
}

export interface CompactPassOptions {
  readonly scratchDir: string
  readonly ranges?: ReadonlyArray<number>
  /** Raw blocks whose maxTime is older than now − this are marked for deletion; 0 = keep forever. */
  readonly retentionRawMs?: number
  /** Marked blocks are deleted this long after their mark (Thanos's --delete-delay, 48h). */
  readonly deleteDelayMs?: number
  readonly now?: () => number
}

export interface CompactPassResult {
  readonly compacted: ReadonlyArray<{ readonly ulid: string; readonly inputs: ReadonlyArray<string> }>
  readonly markedForRetention: ReadonlyArray<string>
  readonly deleted: ReadonlyArray<string>
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** Complete blocks in the bucket, with their deletion marks. */
export const listBucketBlocks = (
  store: ObjectStoreShape
): Effect.Effect<BucketBlock[], ObjectStoreUnavailableError> =>
  Effect.gen(function* () {
    const pages = yield* Stream.runCollect(store.listAll("", { delimiter: "/" }))
    const ulids = [...pages].flatMap((p) => p.commonPrefixes.map((c) => c.replace(/\/$/, ""))).filter(isUlid)
    const out: BucketBlock[] = []
    for (const ulid of ulids) {
      const meta = yield* store.get(`${ulid}/meta.json`).pipe(
        Effect.map((b) => parseBlockMeta(decoder.decode(b), `${ulid}/meta.json`)),
        Effect.catchTag("ObjectNotFoundError", () => Effect.succeed(undefined))
      )
      if (meta === undefined) continue // partial upload
      const mark = yield* store.get(`${ulid}/deletion-mark.json`).pipe(
        Effect.map((b) => (JSON.parse(decoder.decode(b)) as { deletion_time?: number }).deletion_time ?? 0),
        Effect.catchTag("ObjectNotFoundError", () => Effect.succeed(undefined))
      )
      out.push({ ulid, meta, deletionTime: mark })
    }
    return out.sort((a, b) => a.meta.minTime - b.meta.minTime)
  })

/** Blocks compact together only within one (resolution, external labels) group. */
export const groupKey = (b: BucketBlock): string => {
  const labels = b.meta.thanos?.labels ?? {}
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]])
  return `${b.meta.thanos?.downsample?.resolution ?? 0}@${JSON.stringify(sorted)}`
}

export const markForDeletion = (store: ObjectStoreShape, ulid: string, details: string, nowMs: number) =>
  store.put(
    `${ulid}/deletion-mark.json`,
    encoder.encode(
      `${JSON.stringify({ id: ulid, version: 1, details, deletion_time: Math.floor(nowMs / 1000) }, null, "\t")}\n`
    )
  )

/** Deletes a block in the mirror order of an upload: meta.json first, deletion mark last. */
export const deleteBucketBlock = (store: ObjectStoreShape, ulid: string) =>
  Effect.gen(function* () {
    yield* store.delete(`${ulid}/meta.json`)
    const pages = yield* Stream.runCollect(store.listAll(`${ulid}/`))
    for (const o of [...pages].flatMap((p) => p.objects))
      if (o.key !== `${ulid}/deletion-mark.json`) yield* store.delete(o.key)
    yield* store.delete(`${ulid}/deletion-mark.json`)
  })

const download = (store: ObjectStoreShape, ulid: string, dir: string) =>
  Effect.gen(function* () {
    const pages = yield* Stream.runCollect(store.listAll(`${ulid}/`))
    for (const o of [...pages].flatMap((p) => p.objects)) {
      if (o.key.endsWith("deletion-mark.json") || o.key.endsWith("no-compact-mark.json")) continue
      const bytes = yield* store.get(o.key).pipe(Effect.catchTag("ObjectNotFoundError", (e) => Effect.die(e)))
      const path = join(dir, o.key)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, bytes)
    }
  })

/** One compaction, retention and cleanup pass over the bucket. */
export const compactPass = (
  store: ObjectStoreShape,
  options: CompactPassOptions
): Effect.Effect<CompactPassResult, ObjectStoreUnavailableError> =>
  Effect.gen(function* () {
    const now = options.now ?? Date.now
    const ranges = options.ranges ?? thanosRanges
    const compacted: Array<{ ulid: string; inputs: string[] }> = []
    for (let round = 0; round < 64; round++) {
      const live = (yield* listBucketBlocks(store)).filter((b) => b.deletionTime === undefined)
      const groups = new Map<string, BucketBlock[]>()
      for (const b of live) {
        const k = groupKey(b)
        groups.set(k, [...(groups.get(k) ?? []), b])
      }
      let did = false
      // A block whose sources another block of its group already holds (an upload that finished
      // before the inputs were marked, then a crash) is marked now, as Thanos's compactor does.
      for (const [key, blocks] of groups) {
        const covered = blocks.filter((b) =>
          blocks.some(
            (o) =>
              o !== b &&
              o.meta.compaction.sources.length > b.meta.compaction.sources.length &&
              b.meta.compaction.sources.every((s) => o.meta.compaction.sources.includes(s))
          )
        )
        for (const b of covered)
          yield* markForDeletion(store, b.ulid, "sources covered by a compacted block", now())
        groups.set(
          key,
          blocks.filter((b) => !covered.includes(b))
        )
      }
      for (const blocks of groups.values()) {
        // Downsampled blocks are never compacted (an average of averages is wrong).
        if ((blocks[0].meta.thanos?.downsample?.resolution ?? 0) !== 0) continue
        const plan = planCompaction(
          blocks.map((b) => ({ dir: b.ulid, meta: b.meta })),
          { ranges }
        )
        if (plan.length === 0) continue
        const sources = new Set<string>()
        for (const u of plan)
          for (const s of blocks.find((b) => b.ulid === u)?.meta.compaction.sources ?? [])
            if (sources.has(s))
              return yield* Effect.die(new Error(`overlapping sources detected: ${s} in ${plan.join(", ")}`))
            else sources.add(s)
        const scratch = join(options.scratchDir, `compact-${now()}`)
        rmSync(scratch, { recursive: true, force: true })
        mkdirSync(scratch, { recursive: true })
        try {
          for (const u of plan) yield* download(store, u, scratch)
          // In a worker thread: the compactor's /metrics and health answer meanwhile.
          const made = yield* Effect.promise(() =>
            compactInWorker(
              scratch,
              plan.map((u) => join(scratch, u))
            )
          )
          const first = blocks.find((b) => b.ulid === plan[0])
          if (made !== undefined)
            yield* uploadBlock(store, join(scratch, made.ulid), made, {
              externalLabels: first?.meta.thanos?.labels ?? {},
              source: "compactor"
            })
          for (const u of plan)
            yield* markForDeletion(store, u, `compacted into ${made?.ulid ?? "nothing"}`, now())
          compacted.push({ ulid: made?.ulid ?? "", inputs: plan })
          did = true
        } finally {
          rmSync(scratch, { recursive: true, force: true })
        }
      }
      if (!did) break
    }
    const markedForRetention: string[] = []
    const retention = options.retentionRawMs ?? 0
    const all = yield* listBucketBlocks(store)
    if (retention > 0)
      for (const b of all)
        if (
          b.deletionTime === undefined &&
          (b.meta.thanos?.downsample?.resolution ?? 0) === 0 &&
          now() > b.meta.maxTime + retention
        ) {
          yield* markForDeletion(store, b.ulid, "retention", now())
          markedForRetention.push(b.ulid)
        }
    const deleted: string[] = []
    const delayS = (options.deleteDelayMs ?? 48 * hour) / 1000
    for (const b of yield* listBucketBlocks(store))
      if (b.deletionTime !== undefined && now() / 1000 - b.deletionTime >= delayS) {
        yield* deleteBucketBlock(store, b.ulid)
        deleted.push(b.ulid)
      }
    return { compacted, markedForRetention, deleted }
  })
