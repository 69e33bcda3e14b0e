/**
 * `npm run test:promql-peer`: every peer `.test` file against every storage arrangement. Prints
 * `PASS|FAIL file.test n/m evals` per file and arrangement, failures with `-v`, and last:
 * `promql peer: P passed, F failed (float-only files: p/q)`. Exit code 0 regardless of failures
 * unless a float-only file fails (those must all pass).
 */
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { allFeatures } from "../../../protocols/promql/parser.ts"
import { parsePlan } from "../../../storage/promql/parse-plan.ts"
import { arrangements } from "./arrangements.ts"
import { runPeerFile } from "./peer-runner.ts"
import { peerTestDir } from "./test-file.ts"

/** Files with no native histograms at all (INVENTORY.md "float" class). */
export const floatOnlyFiles = new Set([
  "at_modifier.test",
  "collision.test",
  "duration_expression.test",
  "fill-modifier.test",
  "literals.test",
  "name_label_dropping.test",
  "selectors.test",
  "staleness.test",
  "trig_functions.test",
  "type_and_unit.test"
])

const main = () => {
  const dir = process.env.PROMQL_TESTDATA ?? peerTestDir
  if (!existsSync(dir)) {
    console.error(`peer tests not found at ${dir}`)
    process.exit(1)
  }
  const verbose = process.argv.includes("-v")
  const only = process.argv.slice(2).filter((a) => a.endsWith(".test"))
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".test") && (only.length === 0 || only.includes(f)))
    .sort()
  let passed = 0
  let failed = 0
  const floatPass = new Set<string>()
  for (const file of files) {
    let allArrangements = true
    const pick = process.env.PROMQL_ARRANGEMENTS?.split(",")
    for (const a of arrangements.filter((x) => !pick || pick.includes(x.name))) {
      const r = runPeerFile(join(dir, file), a, (q) => parsePlan(q, allFeatures))
      const ok = r.evals.filter((e) => e.ok).length
      const pass = r.error === undefined && ok === r.evals.length
      if (!pass) allArrangements = false
      console.log(
        `${pass ? "PASS" : "FAIL"} ${file} [${a.name}] ${ok}/${r.evals.length} evals${r.error ? ` (${r.error})` : ""}`
      )
      if (verbose)
        for (const e of r.evals.filter((x) => !x.ok))
          console.log(`    ${file}:${e.line} ${e.expr}\n        ${e.reason}`)
    }
    if (allArrangements) passed++
    else failed++
    if (allArrangements && floatOnlyFiles.has(file)) floatPass.add(file)
  }
  console.log(
    `promql peer: ${passed} passed, ${failed} failed (float-only files: ${floatPass.size}/${floatOnlyFiles.size})`
  )
}

if (import.meta.main) main()
