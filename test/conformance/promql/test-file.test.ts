import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { isStaleMarker } from "../../../protocols/values/special-nans.ts"
import { expandValues, parseTestFile, peerTestDir, readMetric } from "./test-file.ts"

describe("the .test language", () => {
  it.each([
    ["0+10x3", [0, 10, 20, 30]],
    ["1 _ 3", [1, undefined, 3]],
    ["_x2 5", [undefined, undefined, 5]],
    ["-5-1x3", [-5, -6, -7, -8]],
    ["2x2", [2, 2, 2]],
    ["1e3 -Inf NaN", [1000, Number.NEGATIVE_INFINITY, Number.NaN]],
    ["100-10x2", [100, 90, 80]]
  ])("expands %j", (items, want) => expect(expandValues(items)).toEqual(want))
  it("keeps stale as the marker bits", () => {
    expect(isStaleMarker(expandValues("1 stale")[1] as number)).toBe(true)
  })
  it("reads metrics with quoted values, trailing commas and braces inside values", () => {
    expect(readMetric("m{a=\"x,y}\", b='z',} 1")[0]).toEqual({ __name__: "m", a: "x,y}", b: "z" })
    expect(readMetric('{__name__="n", c="\\n"} 1')[0]).toEqual({ __name__: "n", c: "\n" })
  })
  it("parses the example of FORMAT.md §9", () => {
    const cmds = parseTestFile(
      'load 5m\n    m{a="x"} 0+10x4\n    m{a="y"} 1 _ 3\n\neval instant at 10m sum(m)\n    {} 23\n\neval range from 0 to 10m step 5m m{a="y"}\n    expect no_warn\n    m{a="y"} 1 _ 3\n\neval instant at 10m m[10m]\n    expect range vector from 5m to 10m step 5m\n    m{a="x"} 10 20\n\neval instant at 0 ceil({__name__=~"m|n"})\n    expect fail regex: same labelset\n\nclear\n'
    )
    expect(cmds.map((c) => c.kind)).toEqual(["load", "eval", "eval", "eval", "eval", "clear"])
    expect(cmds[1]).toMatchObject({
      expr: "sum(m)",
      instantAtMs: 600_000,
      results: [{ labels: {}, slots: [23] }]
    })
    expect(cmds[2]).toMatchObject({ range: { startMs: 0, endMs: 600_000, stepMs: 300_000 }, noWarn: true })
    expect(cmds[3]).toMatchObject({ rangeVector: { fromMs: 300_000, toMs: 600_000, stepMs: 300_000 } })
    expect(cmds[4]).toMatchObject({ fail: { kind: "regex" } })
  })
  it("parses every peer file", () => {
    const files = readdirSync(peerTestDir).filter((f) => f.endsWith(".test"))
    expect(files.length).toBe(21)
    let evals = 0
    for (const f of files) {
      const cmds = parseTestFile(readFileSync(join(peerTestDir, f), "utf8"))
      evals += cmds.filter((c) => c.kind === "eval").length
    }
    expect(evals).toBe(2214) // INVENTORY.md
  })
})
