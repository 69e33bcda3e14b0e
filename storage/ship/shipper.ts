/**
 * Ships local blocks to an object store in Thanos's bucket layout, the way Thanos's sidecar does
 * (../shared/specs/long-term-storage.md §3): oldest first; blocks already recorded in
 * `thanos.shipper.json`, empty blocks and compacted blocks (level > 1) skipped; a block whose
 * `meta.json` is already in the bucket only recorded; otherwise `chunks/*`, then `index`, then
 * `meta.json` LAST with the `thanos` section (external labels, resolution 0, source, segment
 * files, file sizes, upload time), so a reader never sees half a block. The first failure stops
 * the round (strict oldest-first order); the next round retries.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync
} from "node:fs"
import { join } from "node:path"
import { Effect, Schema } from "effect"
import { type BlockMeta, formatBlockMeta, parseBlockMeta } from "../blocks/block-meta.ts"
import { segmentFiles } from "../blocks/block-reader.ts"
import { isUlid } from "../blocks/ulid.ts"
import type { ObjectStoreShape, ObjectStoreUnavailableError } from "../object-store/object-store.ts"

export const shipperStateFile = "thanos.shipper.json"

export interface ShipOptions {
  /** Stamped into `thanos.labels`; Thanos refuses blocks without them, and so does this. */
  readonly externalLabels: Readonly<Record<string, string>>
  /** `thanos.source`; default "sidecar". */
  readonly source?: string
  /** `thanos.downsample.resolution` in ms; default 0 (raw). */
  readonly resolutionMs?: number
  readonly now?: () => Date
}

export interface ShipResult {
  readonly uploaded: ReadonlyArray<string>
  /** Found already complete in the bucket (recorded without uploading). */
  readonly adopted: ReadonlyArray<string>
}

export class ShipperError extends Schema.TaggedError<ShipperError>()("ShipperError", {
  reason: Schema.String
}) {
  override get message() {
    return this.reason
  }
}

/** ULIDs recorded as shipped; a missing or damaged file is an empty record (it is only a cache). */
export const readShipped = (dataDir: string): Set<string> => {
  try {
    const j = JSON.parse(readFileSync(join(dataDir, shipperStateFile), "utf8")) as { uploaded?: unknown }
    return new Set(
      Array.isArray(j.uploaded) ? j.uploaded.filter((u): u is string => typeof u === "string") : []
    )
  } catch {
    return new Set()
  }
}

const writeShipped = (dataDir: string, uploaded: ReadonlySet<string>): void => {
  const path = join(dataDir, shipperStateFile)
  const tmp = `${path}.tmp`
  writeFileSync(tmp, `${JSON.stringify({ version: 1, uploaded: [...uploaded].sort() }, null, "\t")}\n`)
  const fd = openSync(tmp, "r")
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
  const dfd = openSync(dataDir, "r")
  try {
    fsyncSync(dfd)
  } finally {
    closeSync(dfd)
  }
}

/** meta.json as uploaded: the local meta plus the `thanos` section. */
export const thanosMeta = (meta: BlockMeta, blockDir: string, options: ShipOptions): string => {
  const segments = segmentFiles(join(blockDir, "chunks"))
  const files = [
    ...segments.map((s) => ({
      rel_path: `chunks/${s}`,
      size_bytes: statSync(join(blockDir, "chunks", s)).size
    })),
    { rel_path: "index", size_bytes: statSync(join(blockDir, "index")).size },
    { rel_path: "meta.json" }
  ]
  const { thanos: _old, ...rest } = meta as BlockMeta & { thanos?: unknown }
  return formatBlockMeta({
    ...rest,
    thanos: {
      labels: { ...options.externalLabels },
      downsample: { resolution: options.resolutionMs ?? 0 },
      source: options.source ?? "sidecar",
      segment_files: segments,
      files,
      upload_time: (options.now?.() ?? new Date()).toISOString()
    }
  } as BlockMeta)
}

/**
 * Uploads one local block directory: `chunks/*`, then `index`, then `meta.json` (with the thanos
 * section) last, so the block is visible only once complete.
 */
export const uploadBlock = (
  store: ObjectStoreShape,
  dir: string,
  meta: BlockMeta,
  options: ShipOptions
): Effect.Effect<void, ObjectStoreUnavailableError> =>
  Effect.gen(function* () {
    for (const s of segmentFiles(join(dir, "chunks")))
      yield* store.put(`${meta.ulid}/chunks/${s}`, { filePath: join(dir, "chunks", s) })
    yield* store.put(`${meta.ulid}/index`, { filePath: join(dir, "index") })
    yield* store.put(`${meta.ulid}/meta.json`, new TextEncoder().encode(thanosMeta(meta, dir, options)))
  })

/** One sync round. */
export const shipBlocks = (
  dataDir: string,
  store: ObjectStoreShape,
  options: ShipOptions
): Effect.Effect<ShipResult, ObjectStoreUnavailableError | ShipperError> =>
  Effect.gen(function* () {
    if (Object.keys(options.externalLabels).length === 0)
      return yield* Effect.fail(
        new ShipperError({
          reason: "no external labels configured: blocks in a bucket must carry global.external_labels"
        })
      )
    const shipped = readShipped(dataDir)
    const local = readdirSync(dataDir)
      .filter((n) => isUlid(n) && existsSync(join(dataDir, n, "meta.json")))
      .map((n) =>
        parseBlockMeta(readFileSync(join(dataDir, n, "meta.json"), "utf8"), join(dataDir, n, "meta.json"))
      )
      .sort((a, b) => a.minTime - b.minTime)
    const uploaded: string[] = []
    const adopted: string[] = []
    const record = () =>
      Effect.sync(() =>
        writeShipped(dataDir, new Set([...shipped].filter((u) => local.some((m) => m.ulid === u))))
      )
    for (const meta of local) {
      if (shipped.has(meta.ulid) || meta.stats.numSamples === 0 || meta.compaction.level > 1) continue
      const dir = join(dataDir, meta.ulid)
      if (yield* store.exists(`${meta.ulid}/meta.json`)) {
        adopted.push(meta.ulid)
      } else {
        // Strict oldest-first: stop the round at the first failure (record what did succeed).
        yield* uploadBlock(store, dir, meta, options).pipe(Effect.tapError(() => record()))
        uploaded.push(meta.ulid)
      }
      shipped.add(meta.ulid)
    }
    yield* record()
    return { uploaded, adopted }
  })
