/**
 * dns_sd_configs decoding side by side with `promtool check config` (2.42): the same files are
 * accepted or rejected with the same reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runTool } from "../../test/support/run-tool.ts"
import { parsePrometheusConfig } from "./prometheus-config.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-dns-sd-config-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const file = (block: string) => `scrape_configs:\n  - job_name: x\n    dns_sd_configs: [${block}]\n`
const vesta = (text: string) => {
  try {
    parsePrometheusConfig(text)
    return "ok"
  } catch (e) {
    return (e as Error).message
  }
}

describe("dns_sd_configs: accepted and rejected like promtool check config 2.42", () => {
  it.each([
    ["{names: [a.example]}", "ok"],
    ["{names: [a.example], type: srv}", "ok"],
    ["{names: [a.example], type: A, port: 80}", "ok"],
    ["{names: [a.example], type: a, port: 1}", "ok"],
    ["{names: [a.example], type: AAAA, port: 9100, refresh_interval: 5s}", "ok"],
    ["{names: [a.example], type: MX, port: 9100}", "ok"],
    ["{names: [a.example], refresh_interval: 0s}", "ok"],
    ["{names: [a.example], type: A}", "a port is required in DNS-SD configs for all record types except SRV"],
    [
      "{names: [a.example], type: AAAA}",
      "a port is required in DNS-SD configs for all record types except SRV"
    ],
    [
      "{names: [a.example], type: MX}",
      "a port is required in DNS-SD configs for all record types except SRV"
    ],
    ["{names: [a.example], type: NS, port: 53}", "invalid DNS-SD records type NS"],
    ["{names: [a.example], type: txt}", "invalid DNS-SD records type txt"],
    ["{names: []}", "DNS-SD config must contain at least one SRV record name"],
    ["{type: SRV}", "DNS-SD config must contain at least one SRV record name"],
    ["{names: [a.example], bogus: 1}", "field bogus not found in type dns.plain"]
  ])("%s → %s", async (block, expected) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.yml`)
    writeFileSync(path, file(block))
    const peer = await runTool("promtool", ["check", "config", path])
    const peerOutput = `${peer.stdout}${peer.stderr}`
    if (expected === "ok") {
      expect([peer.code, peerOutput]).toEqual([0, expect.stringContaining("SUCCESS")])
      expect(vesta(file(block))).toBe("ok")
    } else {
      expect([peer.code, peerOutput]).toEqual([1, expect.stringContaining(expected)])
      expect(vesta(file(block))).toContain(expected)
    }
  })

  it("keeps Prometheus's defaults", () => {
    expect(parsePrometheusConfig(file("{names: [a.example]}")).scrapeConfigs[0].dnsSdConfigs).toEqual([
      { names: ["a.example"], type: "SRV", port: 0, refreshIntervalMs: 30_000 }
    ])
  })
})
