import { describe, expect, it } from "vitest"
import { type FlagSpec, parseFlags } from "./flags.ts"

const specs: ReadonlyArray<FlagSpec> = [
  { name: "web.listen-address", kind: "string", help: "", default: "0.0.0.0:9090" },
  { name: "query.timeout", kind: "duration", help: "", default: "2m" },
  { name: "query.max-samples", kind: "int", help: "", default: "50000000" },
  { name: "storage.tsdb.retention.size", kind: "bytes", help: "" },
  { name: "web.enable-lifecycle", kind: "bool", help: "", default: "false" },
  { name: "log.level", kind: "enum", choices: ["debug", "info"], help: "", default: "info" },
  { name: "rule.file", kind: "string", help: "", repeatable: true }
]

describe("parseFlags", () => {
  it("applies defaults", () => {
    const r = parseFlags(specs, [])
    expect(r).toEqual({
      _tag: "Ok",
      args: [],
      explicit: new Set(),
      values: {
        "web.listen-address": "0.0.0.0:9090",
        "query.timeout": 120_000,
        "query.max-samples": 50_000_000,
        "web.enable-lifecycle": false,
        "log.level": "info"
      }
    })
  })
  it.each([
    [["--web.listen-address=127.0.0.1:1"], "web.listen-address", "127.0.0.1:1"],
    [["--web.listen-address", "127.0.0.1:2"], "web.listen-address", "127.0.0.1:2"],
    [["--query.timeout=30s"], "query.timeout", 30_000],
    [["--query.max-samples=10"], "query.max-samples", 10],
    [["--storage.tsdb.retention.size=1GB"], "storage.tsdb.retention.size", 1024 ** 3],
    [["--web.enable-lifecycle"], "web.enable-lifecycle", true],
    [["--web.enable-lifecycle=false"], "web.enable-lifecycle", false],
    [["--no-web.enable-lifecycle"], "web.enable-lifecycle", false],
    [["--log.level=debug"], "log.level", "debug"],
    [["--rule.file=a", "--rule.file", "b"], "rule.file", ["a", "b"]]
  ])("%j sets %s", (argv, name, want) => {
    const r = parseFlags(specs, argv)
    expect(r._tag).toBe("Ok")
    if (r._tag === "Ok") expect(r.values[name]).toEqual(want)
  })
  it.each([
    [["--nope"], "unknown long flag '--nope'"],
    [["-x"], "unknown short flag '-x'"],
    [
      ["--query.timeout=abc"],
      'invalid value "abc" for flag --query.timeout: not a valid duration string: "abc"'
    ],
    [["--query.max-samples=1.5"], 'invalid value "1.5" for flag --query.max-samples: expected an integer'],
    [["--log.level=loud"], 'invalid value "loud" for flag --log.level: must be one of debug, info'],
    [
      ["--web.enable-lifecycle=yes"],
      'invalid value "yes" for flag --web.enable-lifecycle: expected true or false'
    ],
    [
      ["--storage.tsdb.retention.size=lots"],
      'invalid value "lots" for flag --storage.tsdb.retention.size: not a valid size: "lots" (use a number with B, KB, MB, GB, TB, PB or EB)'
    ],
    [["--web.listen-address"], "expected argument for flag '--web.listen-address'"]
  ])("%j is rejected", (argv, message) => {
    expect(parseFlags(specs, argv)).toEqual({ _tag: "Error", message })
  })
  it("returns positional arguments and recognises --help/--version", () => {
    expect(parseFlags(specs, ["dir", "--", "--x"])).toMatchObject({ _tag: "Ok", args: ["dir", "--x"] })
    expect(parseFlags(specs, ["--query.timeout=1m"])).toMatchObject({ explicit: new Set(["query.timeout"]) })
    expect(parseFlags(specs, ["--help"])).toEqual({ _tag: "Help" })
    expect(parseFlags(specs, ["--version"])).toEqual({ _tag: "Version" })
  })
})
