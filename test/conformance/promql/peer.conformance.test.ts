/**
 * The PromQL peer suite in CI: every float-only file must pass on every storage arrangement; the
 * other files run too, and their pass counts may only go up (the floor below is the last measured
 * figure; raise it when they improve).
 */
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { allFeatures } from "../../../protocols/promql/parser.ts"
import { parsePlan } from "../../../storage/promql/parse-plan.ts"
import { arrangements } from "./arrangements.ts"
import { runPeerFile } from "./peer-runner.ts"
import { floatOnlyFiles } from "./run-peer.ts"
import { peerTestDir } from "./test-file.ts"

const parse = (q: string) => parsePlan(q, allFeatures)
/** Passing evals per arrangement across all 21 files, at least (measured 2026-11-24). */
const passingEvalsFloor = 1100

describe("PromQL peer suite", () => {
  it("finds the peer tests", () =>
    expect(existsSync(peerTestDir), `peer tests not found at ${peerTestDir}`).toBe(true))
  const files = existsSync(peerTestDir)
    ? readdirSync(peerTestDir)
        .filter((f) => f.endsWith(".test"))
        .sort()
    : []
  for (const a of arrangements) {
    it.each([...floatOnlyFiles].sort())(`%s passes on ${a.name}`, (file) => {
      const r = runPeerFile(join(peerTestDir, file), a, parse)
      const failures = r.evals.filter((e) => !e.ok).map((e) => `${file}:${e.line} ${e.expr}: ${e.reason}`)
      expect(r.error).toBeUndefined()
      expect(failures).toEqual([])
    })
    it(`passes at least ${passingEvalsFloor} evals over all files on ${a.name}`, () => {
      let ok = 0
      for (const f of files)
        ok += runPeerFile(join(peerTestDir, f), a, parse).evals.filter((e) => e.ok).length
      expect(ok).toBeGreaterThanOrEqual(passingEvalsFloor)
    })
  }
})
