import { describe, expect, it } from "vitest"
import { parseBytes } from "./bytes.ts"
import { formatDuration, parseDuration } from "./duration.ts"

describe("parseDuration", () => {
  it.each([
    ["0", 0],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["2h", 7_200_000],
    ["15s", 15_000],
    ["100ms", 100],
    ["1d", 86_400_000],
    ["1w", 604_800_000],
    ["1y", 31_536_000_000],
    ["1y2w3d4h5m6s7ms", 31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_400_000 + 300_000 + 6_000 + 7]
  ])("%s = %d ms", (s, ms) => expect(parseDuration(s)).toBe(ms))
  it.each(["", "5", "1.5h", "5m1h", "abc", "-5m", "5M", "1h1h"])("rejects %j", (s) =>
    expect(parseDuration(s)).toBe(`not a valid duration string: "${s}"`)
  )
  it.each([
    [0, "0s"],
    [300_000, "5m"],
    [5_400_000, "1h30m"],
    [604_800_000, "1w"],
    [86_400_000 * 15, "15d"],
    [1_500, "1s500ms"]
  ])("formats %d as %s", (ms, s) => expect(formatDuration(ms)).toBe(s))
})

describe("parseBytes", () => {
  it.each([
    ["512MB", 512 * 1024 ** 2],
    ["1GB", 1024 ** 3],
    ["10B", 10],
    ["2TiB", 2 * 1024 ** 4]
  ])("%s", (s, n) => expect(parseBytes(s)).toBe(n))
  it.each(["", "12", "MB", "1XB"])("rejects %j", (s) => expect(typeof parseBytes(s)).toBe("string"))
})
