import { describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../../protocols/config/prometheus-config.ts"
import { prometheusConfigYaml, yamlString } from "./config-yaml.ts"

describe("yamlString (go-yaml's choice of style; checked against the 2.42 peer in api-config.integration)", () => {
  it.each([
    ["plain", "plain"],
    ["$1", "$1"],
    [";", ";"],
    ["(.*):80", "(.*):80"],
    ["<secret>", "<secret>"],
    ["http://h:1/x", "http://h:1/x"],
    ["-x", "-x"],
    ["", '""'],
    ["y", '"y"'],
    ["yes", '"yes"'],
    ["1.5", '"1.5"'],
    ["10", '"10"'],
    ["null", '"null"'],
    ["a: b", "'a: b'"],
    ["x #y", "'x #y'"],
    ["*s", "'*s'"],
    ["|", "'|'"],
    ["[::1]:9100", "'[::1]:9100'"],
    [" lead", "' lead'"],
    ["it's: x", "'it''s: x'"],
    ["two\nlines", '"two\\nlines"']
  ])("%j → %s", (s, want) => {
    expect(yamlString(s)).toBe(want)
  })
})

describe("prometheusConfigYaml", () => {
  it("fills defaults and hides secrets", () => {
    const yaml = prometheusConfigYaml(
      parsePrometheusConfig(`
scrape_configs:
  - job_name: a
    basic_auth: {username: u, password: hunter2}
    static_configs: [{targets: ["h:1"]}]
remote_write:
  - url: http://x/w
    authorization: {credentials: tok}
`)
    )
    expect(yaml).not.toContain("hunter2")
    expect(yaml).not.toContain("tok\n")
    expect(yaml).toContain("    password: <secret>\n")
    expect(yaml).toContain("    credentials: <secret>\n")
    expect(
      yaml.startsWith("global:\n  scrape_interval: 1m\n  scrape_timeout: 10s\n  evaluation_interval: 1m\n")
    ).toBe(true)
  })
})
