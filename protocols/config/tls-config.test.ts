/**
 * tls_config min_version / max_version side by side with `promtool check config` (2.42): the same
 * files are accepted or rejected with the same reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, expect, it } from "vitest"
import { runTool } from "../../test/support/run-tool.ts"
import { parsePrometheusConfig } from "./prometheus-config.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-tls-config-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const file = (tls: string) =>
  `scrape_configs:\n  - job_name: x\n    scheme: https\n    tls_config: {${tls}}\n    static_configs: [{targets: ['a:1']}]\n`

it.each([
  ["min_version: TLS10", "ok"],
  ["min_version: TLS13", "ok"],
  ["max_version: TLS12", "ok"],
  ["min_version: TLS12, max_version: TLS13", "ok"],
  ["min_version: TLS14", "unknown TLS version: TLS14"],
  ["max_version: tls12", "unknown TLS version: tls12"],
  ["min_version: SSL30", "unknown TLS version: SSL30"]
])("tls_config {%s} → %s, as promtool", async (tls, expected) => {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yml`)
  writeFileSync(path, file(tls))
  const peer = await runTool("promtool", ["check", "config", path])
  let ours = "ok"
  try {
    parsePrometheusConfig(file(tls))
  } catch (e) {
    ours = (e as Error).message
  }
  if (expected === "ok") {
    expect([peer.code, ours]).toEqual([0, "ok"])
  } else {
    expect([peer.code, `${peer.stdout}${peer.stderr}`]).toEqual([1, expect.stringContaining(expected)])
    expect(ours).toContain(expected)
  }
})
