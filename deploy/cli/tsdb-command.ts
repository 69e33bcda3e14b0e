/**
 * `vesta tsdb list|dump|analyze|create-blocks-from openmetrics`, mirroring promtool's output: list
 * prints promtool's table (raw ms times, or human-readable with -r), dump every sample as
 * `{labels} value timestamp`, analyze promtool's cardinality report of one block (the newest by
 * default), create-blocks-from backfills 2h blocks with progress on stderr.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { formatG } from "../../protocols/metrics/go-float.ts"
import { goDuration } from "../../protocols/values/go-duration.ts"
import { backfillOpenMetrics } from "../../storage/blocks/backfill.ts"
import { analyzeBlock } from "../../storage/blocks/block-analyze.ts"
import { openBlocks } from "../../storage/blocks/block-queryable.ts"
import { ChunkEncoding } from "../../storage/chunks/chunk-encoding.ts"
import { XorIterator } from "../../storage/chunks/xor-chunk.ts"

/** Go tabwriter with two spaces of padding: columns as wide as their widest cell. */
const table = (rows: string[][]): string => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  return (
    rows
      .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] + 2))).join(""))
      .join("\n") + "\n"
  )
}

const dirSize = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0
  )

/** Go's units.Base2Bytes String(), as `list -r` prints sizes: 8KiB162B. */
const humanBytes = (n: number): string => {
  const units = ["EiB", "PiB", "TiB", "GiB", "MiB", "KiB"]
  let out = ""
  let rest = n
  for (let i = 0; i < units.length; i++) {
    const size = 1024 ** (units.length - i)
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${units[i]}`
      rest %= size
    }
  }
  return rest > 0 || out === "" ? `${out}${rest}B` : out
}

const utc = (ms: number) =>
  `${new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "")} +0000 UTC`

export const tsdbList = (dir: string, human: boolean): string => {
  const rows = [
    ["BLOCK ULID", "MIN TIME", "MAX TIME", "DURATION", "NUM SAMPLES", "NUM CHUNKS", "NUM SERIES", "SIZE"]
  ]
  for (const b of openBlocks(dir)) {
    const m = b.meta
    const size = dirSize(b.dir)
    rows.push([
      m.ulid,
      human ? utc(m.minTime) : String(m.minTime),
      human ? utc(m.maxTime) : String(m.maxTime),
      goDuration(m.maxTime - m.minTime),
      String(m.stats.numSamples ?? 0),
      String(m.stats.numChunks ?? 0),
      String(m.stats.numSeries ?? 0),
      human ? humanBytes(size) : String(size)
    ])
    b.close()
  }
  return table(rows)
}

export const tsdbDump = (dir: string, write: (s: string) => void): void => {
  const it = new XorIterator()
  for (const b of openBlocks(dir)) {
    for (const id of b.select([])) {
      const s = b.series(id)
      const inner: string[] = []
      for (let i = 0; i < s.labels.length; i += 2)
        inner.push(`${s.labels[i]}=${JSON.stringify(s.labels[i + 1])}`)
      const prefix = `{${inner.join(", ")}} `
      let out = ""
      for (const c of s.chunks) {
        const chunk = b.chunk(c.ref)
        // promtool 2.42 stops a series at its first native histogram sample.
        if (chunk.encoding === ChunkEncoding.histogram || chunk.encoding === ChunkEncoding.floatHistogram)
          break
        it.reset(chunk.data)
        while (it.next())
          out += `${prefix}${Object.is(it.value, -0) ? "-0" : formatG(it.value)} ${it.timeMs}\n`
      }
      write(out)
    }
    b.close()
  }
}

/** `tsdb analyze [--extended] [--limit=N] [<dir>] [<block id>]`; undefined when the block is missing. */
export const tsdbAnalyze = (
  dir: string,
  blockId: string | undefined,
  opts: { limit: number; extended: boolean }
): string | undefined => {
  const blocks = openBlocks(dir)
  try {
    const b = blockId === undefined ? blocks[blocks.length - 1] : blocks.find((x) => x.meta.ulid === blockId)
    return b === undefined ? undefined : analyzeBlock(b, opts)
  } finally {
    for (const b of blocks) b.close()
  }
}

export const tsdbCommand = (args: ReadonlyArray<string>): number => {
  const [sub, ...rest] = args
  const flags = rest.filter((a) => a.startsWith("-"))
  const pos = rest.filter((a) => !a.startsWith("-"))
  switch (sub) {
    case "list":
      process.stdout.write(
        tsdbList(pos[0] ?? "data/", flags.includes("-r") || flags.includes("--human-readable"))
      )
      return 0
    case "dump":
      tsdbDump(pos[0] ?? "data/", (s) => process.stdout.write(s))
      return 0
    case "analyze": {
      const limitFlag = flags.find((f) => f.startsWith("--limit="))
      const limit = limitFlag === undefined ? 20 : Number(limitFlag.slice("--limit=".length))
      if (!Number.isInteger(limit) || limit < 0) {
        process.stderr.write(`vesta: error: invalid --limit: ${limitFlag}\n`)
        return 2
      }
      const out = tsdbAnalyze(pos[0] ?? "data/", pos[1], { limit, extended: flags.includes("--extended") })
      if (out === undefined) {
        process.stderr.write(
          pos[1] === undefined
            ? "vesta: error: no blocks found\n"
            : `vesta: error: block ${pos[1]} not found\n`
        )
        return 1
      }
      process.stdout.write(out)
      return 0
    }
    case "create-blocks-from": {
      if (pos[0] !== "openmetrics" || pos[1] === undefined) {
        process.stderr.write(
          "vesta: error: usage: vesta tsdb create-blocks-from openmetrics <input file> [<output directory>]\n"
        )
        return 2
      }
      const out = pos[2] ?? "data/"
      const metas = backfillOpenMetrics(readFileSync(pos[1]), out, {
        progress: (p) =>
          process.stderr.write(
            `${p.phase === "parse" ? "parsed" : "wrote"} ${p.done}/${p.total} ${p.phase === "parse" ? "lines" : "blocks"}, ${Math.round(p.ratePerSecond)}/s, ETA ${p.etaSeconds.toFixed(1)}s\n`
          )
      })
      if (!flags.includes("-q") && !flags.includes("--quiet"))
        process.stdout.write(tsdbList(out, flags.includes("-r")))
      return metas.length > 0 ? 0 : 1
    }
    default:
      process.stderr.write(
        `vesta: error: expected "list", "dump", "analyze" or "create-blocks-from" after "tsdb", try --help\n`
      )
      return 2
  }
}
