import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { staleMarker } from "../../protocols/values/special-nans.ts"
import { runTool } from "../../test/support/run-tool.ts"
import { Head } from "../head/head.ts"
import { headBlockSeries } from "../head/head-block.ts"
import { writeBlock } from "./block-writer.ts"
import { isUlid, ulid, ulidTime } from "./ulid.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-block-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const L = (o: Record<string, string>) =>
  Object.entries(o)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flat()

describe("ULIDs", () => {
  it("encode time and randomness as Prometheus's", () => {
    const id = ulid(1672534800000, new Uint8Array(10))
    expect(id).toMatch(/^01GNN[0-9A-Z]{5}0{16}$/)
    expect(isUlid(id)).toBe(true)
    expect(ulidTime(id)).toBe(1672534800000)
    expect(isUlid("01M86DMW5XJ5D6DENGZM7ATF6F")).toBe(true)
    expect(ulidTime("01M86DMW5XJ5D6DENGZM7ATF6F")).toBeGreaterThan(1.6e12)
  })
})

describe("blocks cut from the head, read back by the real promtool", () => {
  const start = 1_767_225_600_000 // 2026-01-01, a multiple of 2h
  const head = new Head()
  const expected: string[] = []
  const add = (labels: Record<string, string>, t: number, v: number, shown: string) => {
    head.append(L(labels), t, v)
    const inner = Object.entries(labels)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, val]) => `${k}=${JSON.stringify(val)}`)
      .join(", ")
    expected.push(`{${inner}} ${shown} ${t}`)
  }
  add({ __name__: "odd", x: "1" }, start + 1, Number.NaN, "NaN")
  add({ __name__: "odd", x: "1" }, start + 2, Number.POSITIVE_INFINITY, "+Inf")
  add({ __name__: "odd", x: "1" }, start + 3, -0, "-0")
  for (let i = 0; i < 480; i++) {
    const t = start + i * 15_000
    add({ __name__: "http_requests_total", job: "api", code: "200" }, t, i * 3, String(i * 3))
    if (i < 300)
      add({ __name__: "temperature", room: "ké" }, t, 20 + (i % 7) * 0.25, String(20 + (i % 7) * 0.25))
  }
  add({ __name__: "temperature", room: "ké" }, start + 300 * 15_000, staleMarker, "NaN")
  head.append(L({ __name__: "later" }), start + 2 * 3600_000 + 5, 1) // beyond the block

  it("writes a block promtool lists, analyzes and dumps with the same samples", async () => {
    const data = join(dir, "data")
    mkdirSync(data)
    const meta = writeBlock(data, headBlockSeries(head, start, start + 2 * 3600_000), {
      minTime: start,
      maxTime: start + 2 * 3600_000
    })
    expect(readdirSync(data)).toEqual([meta.ulid])
    expect(existsSync(join(data, `${meta.ulid}.tmp-for-creation`))).toBe(false)
    expect(meta.stats).toEqual({ numSamples: expected.length, numSeries: 3, numChunks: 4 + 3 + 1 })
    const list = await runTool("promtool", ["tsdb", "list", data])
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toContain(`${meta.ulid}  ${start}  ${start + 2 * 3600_000}`)
    expect(list.stdout).toContain(`${expected.length}`)
    const analyze = await runTool("promtool", ["tsdb", "analyze", "--extended", data, meta.ulid])
    expect(analyze.code, analyze.stderr).toBe(0)
    expect(analyze.stdout).toContain("\nSeries: 3\n")
    mkdirSync(join(data, "wal")) // promtool dump opens the directory as a database, which needs one
    const dump = await runTool("promtool", ["tsdb", "dump", data])
    expect(dump.code, dump.stderr).toBe(0)
    const lines = dump.stdout.trim().split("\n").sort()
    expect(lines).toEqual([...expected].sort())
    expect(JSON.parse(readFileSync(join(data, meta.ulid, "meta.json"), "utf8")).version).toBe(1)
  })
})
