import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runTool } from "../../test/support/run-tool.ts"
import { parseRetentionSize, parseRetentionTime, RetentionFlagError } from "./retention-flags.ts"

const scratch = mkdtempSync(join(tmpdir(), "vesta-retention-flags-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const d = 24 * 3600_000
const MiB = 1024 ** 2
const GiB = 1024 ** 3

describe("parseRetentionTime", () => {
  const ok: ReadonlyArray<readonly [string, number]> = [
    ["15d", 15 * d],
    ["2h30m", 2.5 * 3600_000],
    ["1y", 365 * d],
    ["2w3d", 17 * d],
    ["0", 0],
    ["0d", 0],
    ["1ms", 1],
    ["30s", 30_000],
    ["1h0m", 3600_000],
    ["1y2w3d4h5m6s7ms", 365 * d + 17 * d + 4 * 3600_000 + 5 * 60_000 + 6000 + 7]
  ]
  for (const [s, ms] of ok)
    it(`${JSON.stringify(s)} = ${ms} ms`, () => expect(parseRetentionTime(s)).toBe(ms))

  it("rejects what Prometheus rejects, in its words", () => {
    expect(() => parseRetentionTime("")).toThrow("empty duration string")
    for (const s of ["1h1d", "1.5h", "-1d", "1W", "1d1d", "15", "d", " 1d", "1d "])
      expect(() => parseRetentionTime(s)).toThrow(`not a valid duration string: ${JSON.stringify(s)}`)
    expect(() => parseRetentionTime("106751991167d")).toThrow("duration out of range")
    expect(() => parseRetentionTime("x")).toThrow(RetentionFlagError)
  })
})

describe("parseRetentionSize", () => {
  const ok: ReadonlyArray<readonly [string, number]> = [
    ["512MB", 512 * MiB],
    ["1GB", GiB],
    ["1KB", 1024],
    ["1KiB", 1024],
    ["1.5GB", 1.5 * GiB],
    ["1GB512MB", 1.5 * GiB],
    [".5GB", GiB / 2],
    ["1.MB", MiB],
    ["0B", 0],
    ["0", 0],
    ["+1GB", GiB],
    ["-1GB", -GiB],
    ["1B1B", 2],
    ["0.0001KB", 0],
    ["3TB", 3 * 1024 ** 4],
    ["2PB", 2 * 1024 ** 5],
    ["1EB", 1024 ** 6]
  ]
  for (const [s, n] of ok)
    it(`${JSON.stringify(s)} = ${n} bytes`, () => expect(parseRetentionSize(s)).toBe(n))

  it("rejects what Prometheus rejects, in its words", () => {
    expect(() => parseRetentionSize("1kb")).toThrow("unknown unit kb in 1kb")
    expect(() => parseRetentionSize("100")).toThrow("unknown unit  in 100")
    expect(() => parseRetentionSize("1e3MB")).toThrow("unknown unit e in 1e3MB")
    expect(() => parseRetentionSize("GB")).toThrow("invalid GB")
    expect(() => parseRetentionSize(" 1GB")).toThrow("invalid  1GB")
    expect(() => parseRetentionSize("9999999EB")).toThrow("overflow parsing unit")
  })
})

/** What `prometheus` says about one flag value: undefined when it accepts it, else its message. */
const prometheusVerdict = async (flag: string, value: string): Promise<string | undefined> => {
  const r = await runTool(
    "prometheus",
    [
      `--${flag}=${value}`,
      "--config.file=/nonexistent/vesta-flag-check.yml",
      `--storage.tsdb.path=${join(scratch, "data")}`,
      "--web.listen-address=127.0.0.1:0"
    ],
    { timeoutMs: 15_000 }
  )
  const m = /Error parsing commandline arguments: (.*)/.exec(r.stdout + r.stderr)
  if (m !== null) return m[1]
  // Accepted: it got as far as loading the (missing) config file.
  expect(r.stdout + r.stderr).toContain("Error loading config")
  return undefined
}

const ours = (parse: (s: string) => number, value: string, prefix: string): string | undefined => {
  try {
    parse(value)
    return undefined
  } catch (e) {
    if (!(e instanceof RetentionFlagError)) throw e
    return prefix + e.message
  }
}

describe("against the prometheus binary (2.42) as an oracle", () => {
  it("accepts and rejects the same retention.time and retention.size values with the same messages", async () => {
    const times = [
      "15d",
      "2h30m",
      "1y",
      "0",
      "",
      "1h1d",
      "1.5h",
      "-1d",
      "1W",
      "1d1d",
      "2w3d",
      "15",
      "106751991167d"
    ]
    const sizes = [
      "512MB",
      "1.5GB",
      "1GB512MB",
      "1KiB",
      "1kb",
      "100",
      "0B",
      "0",
      "-1GB",
      "GB",
      "1e3MB",
      "1KB1",
      ".5GB"
    ]
    const extra = [
      "1.5B",
      "-0",
      "8EB",
      "7EB",
      "9EB",
      "1_000MB",
      "1MiB2KB",
      "1MiB2KiB",
      "1KB2B",
      "1.5.5GB",
      "+",
      "-GB"
    ]
    for (const v of times)
      expect({ v, r: ours(parseRetentionTime, v, "") }).toEqual({
        v,
        r: await prometheusVerdict("storage.tsdb.retention.time", v)
      })
    for (const v of [...sizes, ...extra])
      expect({ v, r: ours(parseRetentionSize, v, "units: ") }).toEqual({
        v,
        r: await prometheusVerdict("storage.tsdb.retention.size", v)
      })
  }, 60_000)
})
