/**
 * `npm run proto`: generates protocols/gen/vesta.js (+ vesta.d.ts) from protocols/proto/*.proto
 * with protobufjs-cli (static ES module, imports protobufjs/minimal.js). The generated code is
 * committed; a test regenerates it into a temp dir and fails when the committed copy is stale.
 * Usage: node scripts/gen-proto.ts [outDir]
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, readdirSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const out = process.argv[2] ?? join(root, "protocols", "gen")
const protos = readdirSync(join(root, "protocols", "proto"))
  .filter((f) => f.endsWith(".proto"))
  .sort()
  .map((f) => join(root, "protocols", "proto", f))
mkdirSync(out, { recursive: true })
const bin = (name: string) => join(root, "node_modules", ".bin", name)
execFileSync(
  bin("pbjs"),
  [
    "-t",
    "static-module",
    "-w",
    "es6",
    "--no-delimited",
    "--no-convert",
    "-o",
    join(out, "vesta.js"),
    ...protos
  ],
  {
    stdio: "inherit"
  }
)
execFileSync(bin("pbts"), ["-o", join(out, "vesta.d.ts"), join(out, "vesta.js")], { stdio: "inherit" })
console.log(`generated ${join(out, "vesta.js")} and vesta.d.ts from ${protos.length} .proto files`)
