/**
 * A block's `meta.json` (tsdb-block-format.md §3) with exactly Prometheus's field names: parsed
 * with every field checked (a bad one is named), printed as Prometheus prints it (tab indent,
 * zero counters and empty optional fields left out). Unknown top-level keys such as `thanos`
 * are kept as they are. It does no I/O.
 */
import { corrupt } from "../index/corruption-error.ts"

export interface BlockStats {
  readonly numSamples?: number
  readonly numFloatSamples?: number
  readonly numHistogramSamples?: number
  readonly numSeries?: number
  readonly numChunks?: number
  readonly numTombstones?: number
}

export interface BlockParent {
  readonly ulid: string
  readonly minTime: number
  readonly maxTime: number
}

export interface BlockCompaction {
  readonly level: number
  readonly sources: ReadonlyArray<string>
  readonly parents?: ReadonlyArray<BlockParent>
  readonly deletable?: boolean
  readonly failed?: boolean
  readonly hints?: ReadonlyArray<string>
}

export interface BlockMeta {
  readonly ulid: string
  /** Inclusive, ms. */
  readonly minTime: number
  /** Exclusive, ms: every sample has minTime <= t < maxTime. */
  readonly maxTime: number
  readonly stats: BlockStats
  readonly compaction: BlockCompaction
  /** The meta file format version; always 1. */
  readonly version: 1
  /** Any other top-level keys (e.g. `thanos`), kept verbatim. */
  readonly [key: string]: unknown
}

const statKeys = [
  "numSamples",
  "numFloatSamples",
  "numHistogramSamples",
  "numSeries",
  "numChunks",
  "numTombstones"
] as const

/** Parses meta.json text; a problem throws a CorruptionError naming `file` and the field. */
export const parseBlockMeta = (text: string, file: string): BlockMeta => {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    return corrupt(file, 0, `not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  const bad = (field: string, want: string, got: unknown): never =>
    corrupt(file, 0, `field "${field}" must be ${want}, got ${JSON.stringify(got)}`)
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v)
  if (!isObject(raw)) return bad("(top level)", "an object", raw)
  const int = (v: unknown, field: string) =>
    Number.isSafeInteger(v) ? (v as number) : bad(field, "an integer", v)
  if (raw.version !== 1) bad("version", "1", raw.version)
  if (typeof raw.ulid !== "string" || !/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(raw.ulid))
    bad("ulid", "a ULID", raw.ulid)
  const minTime = int(raw.minTime, "minTime")
  const maxTime = int(raw.maxTime, "maxTime")
  if (maxTime < minTime) bad("maxTime", `at least minTime (${minTime})`, maxTime)
  const stats: Record<string, number> = {}
  const rawStats = raw.stats ?? {}
  if (!isObject(rawStats)) bad("stats", "an object", rawStats)
  for (const k of statKeys)
    if ((rawStats as Record<string, unknown>)[k] !== undefined)
      stats[k] = int((rawStats as Record<string, unknown>)[k], `stats.${k}`)
  const c = raw.compaction
  if (!isObject(c)) return bad("compaction", "an object", c)
  const level = int(c.level, "compaction.level")
  const sources = c.sources ?? []
  if (!Array.isArray(sources) || !sources.every((s) => typeof s === "string"))
    bad("compaction.sources", "a list of ULIDs", sources)
  return {
    ...raw,
    ulid: raw.ulid as string,
    minTime,
    maxTime,
    stats,
    compaction: { ...c, level, sources: sources as string[] },
    version: 1
  }
}

/** meta.json as Prometheus writes it: tab-indented, keys in its order, zero counters omitted. */
export const formatBlockMeta = (meta: BlockMeta): string => {
  const stats: Record<string, number> = {}
  for (const k of statKeys) if (meta.stats[k]) stats[k] = meta.stats[k] as number
  const c = meta.compaction
  const compaction: Record<string, unknown> = { level: c.level }
  if (c.sources.length > 0) compaction.sources = c.sources
  if (c.deletable) compaction.deletable = true
  if (c.parents !== undefined && c.parents.length > 0) compaction.parents = c.parents
  if (c.failed) compaction.failed = true
  if (c.hints !== undefined && c.hints.length > 0) compaction.hints = c.hints
  const { ulid, minTime, maxTime, stats: _s, compaction: _c, version, ...rest } = meta
  return JSON.stringify({ ulid, minTime, maxTime, stats, compaction, version, ...rest }, null, "\t")
}
