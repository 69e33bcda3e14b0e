import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { tsdbAnalyze } from "../../deploy/cli/tsdb-command.ts"
import { runTool } from "../../test/support/run-tool.ts"
import { backfillOpenMetrics } from "./backfill.ts"
import { isUlid } from "./ulid.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const scratch = mkdtempSync(join(tmpdir(), "vesta-analyze-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/**
 * promtool lists the churn and common-pair entries of equal count in Go map order (random), and
 * cuts the list at --limit within such a tie. So each section is compared as: the same header and
 * the same counts in order; the same set of entries above the last (cut) count; and the entries at
 * the cut count all in `universe` (the full list of that section with that count).
 */
const sections = (report: string): Map<string, string[]> => {
  const out = new Map<string, string[]>()
  let current = "head"
  out.set(current, [])
  for (const line of report.split("\n")) {
    if (line === "") continue
    if (line.endsWith(":") && !line.startsWith(" ")) {
      current = line
      out.set(current, [])
    } else out.get(current)?.push(line)
  }
  return out
}

const count = (line: string) => Number(line.slice(0, line.indexOf(" ")))

const expectSameReport = (vesta: string, promtool: string, universe?: string) => {
  const v = sections(vesta)
  const p = sections(promtool)
  const u = universe === undefined ? undefined : sections(universe)
  expect([...v.keys()]).toEqual([...p.keys()])
  for (const [name, pLines] of p) {
    const vLines = v.get(name) ?? []
    if (name === "head" || name.startsWith("Fullness")) {
      expect(vLines, name).toEqual(pLines)
      continue
    }
    expect(vLines.map(count), name).toEqual(pLines.map(count))
    const cut = pLines.length === 0 ? 0 : count(pLines[pLines.length - 1])
    const above = (ls: string[]) => ls.filter((l) => count(l) > cut).sort()
    expect(above(vLines), name).toEqual(above(pLines))
    const all = u === undefined ? pLines : (u.get(name) ?? [])
    for (const l of vLines.filter((l) => count(l) === cut)) expect(all, name).toContain(l)
  }
}

/** promtool 2.42 wants a wal directory in the database it analyzes: run it on a copy. */

const promtoolBlock = async (dataDir: string, flags: string[], block?: string) => {
  const db = mkdtempSync(join(scratch, "db-"))
  cpSync(dataDir, db, { recursive: true })
  mkdirSync(join(db, "wal"), { recursive: true })
  const r = await runTool("promtool", [
    "tsdb",
    "analyze",
    ...flags,
    db,
    ...(block === undefined ? [] : [block])
  ])
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}

const fixtureBlocks = readdirSync(join(fixtures, "data")).filter(isUlid).sort()

describe("tsdb analyze matches promtool", () => {
  it.each(fixtureBlocks)("fixture block %s, plain and --extended (recorded promtool output)", (ulid) => {
    const data = join(fixtures, "data")
    for (const [file, extended] of [
      [`analyze-${ulid}.txt`, false],
      [`analyze-extended-${ulid}.txt`, true]
    ] as const) {
      const expected = readFileSync(join(fixtures, file), "utf8")
      const got = tsdbAnalyze(data, ulid, { limit: 20, extended })
      expect(got).toBeDefined()
      expectSameReport(got ?? "", expected)
    }
  })

  it("defaults to the newest block, like promtool", async () => {
    const data = join(fixtures, "data")
    const got = tsdbAnalyze(data, undefined, { limit: 20, extended: false }) ?? ""
    expect(got.split("\n")[0]).toBe(`Block ID: ${fixtureBlocks[fixtureBlocks.length - 1]}`)
    expectSameReport(got, await promtoolBlock(data, []))
  })

  it("a Vesta-written block with churn and limits, against live promtool", async () => {
    // Series that start late, end early or sit in the middle of the block churn; a tie of
    // many equal counts is cut by --limit.
    const base = 300 * 7200
    const lines = ["# TYPE c gauge"]
    const series = (labels: string, from: number, to: number) => {
      for (let t = from; t < to; t += 15) lines.push(`c{${labels}} ${t % 7} ${base + t}`)
    }
    series('k="full",j="a"', 0, 7200)
    for (let s = 300; s < 7200; s += 900) series(`k="late${s}",j="b"`, s, 7200)
    for (let e = 300; e < 7200; e += 900) series(`k="early${e}",j="c",zone="ünï"`, 0, e)
    series('k="mid",j="c"', 1800, 3600)
    lines.push("# TYPE d counter")
    for (let i = 0; i < 30; i++) series(`i="${i}"`, 7000, 7200)
    lines.push("# EOF")
    const text = lines.join("\n").replace(/\nc\{i=/g, "\nd_total{i=")
    const data = join(scratch, "vesta-data")
    backfillOpenMetrics(`${text}\n`, data)
    const block = readdirSync(data).filter(isUlid)[0]
    const universe = await promtoolBlock(data, ["--limit=1000", "--extended"], block)
    for (const flags of [[], ["--extended"], ["--limit=5"], ["--extended", "--limit=3"]]) {
      const limitFlag = flags.find((f) => f.startsWith("--limit="))
      const limit = limitFlag === undefined ? 20 : Number(limitFlag.slice(8))
      const got = tsdbAnalyze(data, block, { limit, extended: flags.includes("--extended") }) ?? ""
      expectSameReport(got, await promtoolBlock(data, flags, block), universe)
    }
    // Churn is really exercised: some pair has a non-zero count.
    expect(
      sections(universe)
        .get("Label pairs most involved in churning:")
        ?.some((l) => count(l) > 0)
    ).toBe(true)
  })

  it("reports an unknown block as missing", () => {
    expect(
      tsdbAnalyze(join(fixtures, "data"), "01ARZ3NDEKTSV4RRFFQ69G5FAV", { limit: 20, extended: false })
    ).toBe(undefined)
  })
})
