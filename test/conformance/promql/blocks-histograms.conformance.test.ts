/**
 * Native histograms through blocks: every peer file with histogram samples gives, on the blocks
 * arrangement (histograms encoded into histogram chunks, read back by block-queryable), exactly
 * the per-eval outcomes of the engine's in-memory reference storage: storage adds no failure and
 * hides none.
 */
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { allFeatures } from "../../../protocols/promql/parser.ts"
import { parsePlan } from "../../../storage/promql/parse-plan.ts"
import { blocksArrangement, memoryArrangement } from "./arrangements.ts"
import { runPeerFile } from "./peer-runner.ts"
import { floatOnlyFiles } from "./run-peer.ts"
import { peerTestDir } from "./test-file.ts"

const parse = (q: string) => parsePlan(q, allFeatures)
const histogramFiles = existsSync(peerTestDir)
  ? readdirSync(peerTestDir)
      .filter((f) => f.endsWith(".test") && !floatOnlyFiles.has(f))
      .sort()
  : []

describe("PromQL peer files with native histograms: blocks = memory", () => {
  it("has histogram files to run", () => expect(histogramFiles.length).toBeGreaterThan(0))
  it.each(histogramFiles)("%s", (file) => {
    const outcomes = (a: typeof memoryArrangement) => {
      const r = runPeerFile(join(peerTestDir, file), a, parse)
      expect(r.error).toBeUndefined()
      return r.evals.map((e) => `${e.line} ${e.ok ? "ok" : `FAIL ${e.reason}`}`)
    }
    const memory = outcomes(memoryArrangement)
    expect(memory.length).toBeGreaterThan(0)
    expect(outcomes(blocksArrangement)).toEqual(memory)
  })
})
