/**
 * Every query of the shared Prometheus `.test` files (read at run time from
 * ../shared/peer-tests/promql/testdata, never copied) must parse, with every feature flag on as the
 * reference runner has them. Queries expected to fail fail at evaluation time in the reference
 * (their messages have no parse position), so they must parse too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { type EvalCommand, parseTestFile, peerTestDir } from "../../test/conformance/promql/test-file.ts"
import { allFeatures, parse } from "./parser.ts"
import { format } from "./printer.ts"

const files = existsSync(peerTestDir)
  ? readdirSync(peerTestDir)
      .filter((f) => f.endsWith(".test"))
      .sort()
  : []

const evalsOf = (file: string): EvalCommand[] =>
  parseTestFile(readFileSync(join(peerTestDir, file), "utf8")).filter(
    (c): c is EvalCommand => c.kind === "eval"
  )

describe("peer .test queries", () => {
  it("finds the peer suite", () => {
    expect(files.length, `peer tests not found at ${peerTestDir}`).toBeGreaterThanOrEqual(21)
  })

  it.each(files)("%s: every eval expression parses, and its printed form parses to the same text", (file) => {
    const failures: string[] = []
    for (const ev of evalsOf(file)) {
      const res = parse(ev.expr, allFeatures)
      if (!res.ok) {
        failures.push(`line ${ev.line}: ${ev.expr}: ${res.error.text}`)
        continue
      }
      const printed = format(res.expr)
      const again = parse(printed, allFeatures)
      if (!again.ok) failures.push(`line ${ev.line}: printed ${printed}: ${again.error.text}`)
      else if (format(again.expr) !== printed)
        failures.push(`line ${ev.line}: ${printed} reprints differently`)
    }
    expect(failures).toEqual([])
  })
})
