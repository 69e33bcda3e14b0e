#!/usr/bin/env bash
# The test command of the README: installs what tests need, runs every test once with vitest,
# and prints, last, one line "N passed, N failed" read from vitest's JSON report.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh || exit 1
out=$(mktemp /tmp/vesta-test-XXXXXX.json)
npx tsc -p tsconfig.json --noEmit || { echo "typecheck failed"; echo "0 passed, 1 failed"; exit 1; }
npx biome ci --colors=off . || { echo "lint/format failed"; echo "0 passed, 1 failed"; exit 1; }
npx vitest run --reporter=default --reporter=json --outputFile="$out" "$@"
rc=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
  // A file that failed outside its tests (import error, hook failure) counts as one failure.
  const failedSuites = r.testResults.filter(
    (s) => s.status === "failed" && !s.assertionResults.some((a) => a.status === "failed")
  ).length
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + failedSuites} failed`)
' "$out" || echo "0 passed, 1 failed"
rm -f "$out"
exit $rc
