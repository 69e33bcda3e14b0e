import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runTool } from "../support/run-tool.ts"
import { runVesta, startVesta } from "../support/vesta-process.ts"

const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "vesta-cli-"))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: "127.0.0.1", port }, () => {
      s.destroy()
      resolve(true)
    })
    s.once("error", () => resolve(false))
  })

describe("vesta start", () => {
  it("answers /-/healthy, /-/ready and /metrics, then stops on SIGTERM within 10 s", async () => {
    const dir = tempDir()
    const v = await startVesta("start", [`--storage.tsdb.path=${dir}`])
    try {
      const healthy = await fetch(`${v.baseUrl}/-/healthy`)
      expect(healthy.status).toBe(200)
      expect((await fetch(`${v.baseUrl}/-/ready`)).status).toBe(200)
      const metrics = await fetch(`${v.baseUrl}/metrics`)
      expect(metrics.headers.get("content-type")).toContain("text/plain; version=0.0.4")
      const body = await metrics.text()
      expect(body).toMatch(/^process_resident_memory_bytes \d/m)
      expect(body).toMatch(/^process_start_time_seconds \d/m)
      expect(body).toMatch(/^vesta_build_info\{version="\d+\.\d+\.\d+",nodeversion="v24\./m)
      expect(body).toMatch(/^prometheus_http_requests_total\{code="200",handler="\/-\/healthy"\} 1$/m)
      expect((await fetch(`${v.baseUrl}/nope`)).status).toBe(404)
      expect((await fetch(`${v.baseUrl}/-/healthy`, { method: "DELETE" })).status).toBe(405)
    } finally {
      const port = Number(new URL(v.baseUrl).port)
      const t0 = Date.now()
      const exited = new Promise<number | null>((r) => v.child.once("exit", (code) => r(code)))
      v.child.kill("SIGTERM")
      expect(await exited).toBe(0)
      expect(Date.now() - t0).toBeLessThan(10_000)
      expect(await portOpen(port)).toBe(false)
      expect(v.log()).toMatch(/msg="Received SIGTERM, exiting gracefully..."/)
      expect(v.log()).toMatch(/msg="See you next time!"/)
    }
  })

  it("refuses a data directory locked by a running Vesta", async () => {
    const dir = tempDir()
    const first = await startVesta("start", [`--storage.tsdb.path=${dir}`])
    try {
      const second = await runVesta([
        "start",
        "--web.listen-address=127.0.0.1:0",
        `--storage.tsdb.path=${dir}`
      ])
      expect(second.code).toBe(1)
      expect(second.stderr).toContain(`locked by running process ${first.pid}`)
    } finally {
      await first.stop()
    }
  })

  it.each([
    [
      ["start", "--web.listen-adress=:1"],
      "vesta: error: unknown long flag '--web.listen-adress', try --help"
    ],
    [
      ["start", "--log.level=loud"],
      'vesta: error: invalid value "loud" for flag --log.level: must be one of debug, info, warn, error, try --help'
    ],
    [["start", "extra"], 'vesta: error: unexpected argument "extra", try --help'],
    [["launch"], 'vesta: error: expected command but got "launch", try --help'],
    [
      ["start", "--web.listen-address=nonsense"],
      'vesta: error: invalid value "nonsense" for flag --web.listen-address: "nonsense" is not host:port, try --help'
    ]
  ])("%j exits 2 with one line naming the problem", async (args, line) => {
    const r = await runVesta(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`${line}\n`)
  })

  it("says when the address cannot be bound", async () => {
    const first = await startVesta("start", [`--storage.tsdb.path=${tempDir()}`])
    try {
      const r = await runVesta([
        "start",
        `--web.listen-address=${first.value}`,
        `--storage.tsdb.path=${tempDir()}`
      ])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain(`cannot listen on "${first.value}": EADDRINUSE`)
    } finally {
      await first.stop()
    }
  })

  it("prints --version and --help", async () => {
    const v = await runVesta(["--version"])
    expect(v.code).toBe(0)
    expect(v.stdout).toMatch(/^vesta, version \d+\.\d+\.\d+\n {2}node version: v24\./)
    const h = await runVesta(["start", "--help"])
    expect(h.code).toBe(0)
    expect(h.stdout).toContain("--web.listen-address=STRING")
    expect(h.stdout).toContain("Default: 0.0.0.0:9090")
  })
})

describe("vesta tsdb analyze", () => {
  it("prints promtool's report of the newest fixture block (tie order aside), and fails on an unknown block", async () => {
    const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
    const r = await runVesta(["tsdb", "analyze", "--extended", join(fixtures, "data")])
    expect(r.code, r.stderr).toBe(0)
    const expected = readFileSync(join(fixtures, "analyze-extended-01M86DMW78AN7YAF2QQZHC97JD.txt"), "utf8")
    // promtool prints equal counts in Go map order; every list here is within --limit, so sorted lines compare.
    expect(r.stdout.split("\n").sort()).toEqual(expected.split("\n").sort())
    expect(r.stdout.split("\n")[0]).toBe("Block ID: 01M86DMW78AN7YAF2QQZHC97JD")
    const missing = await runVesta(["tsdb", "analyze", join(fixtures, "data"), "01ARZ3NDEKTSV4RRFFQ69G5FAV"])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("block 01ARZ3NDEKTSV4RRFFQ69G5FAV not found")
  })
})

interface ApiBody {
  status: string
  data: Record<string, string>
}

describe("vesta start: /api/v1/status", () => {
  it("answers buildinfo, runtimeinfo and flags in Prometheus's shapes", async () => {
    const v = await startVesta("start", [`--storage.tsdb.path=${tempDir()}`, "--log.level=debug"])
    try {
      const build = (await (await fetch(`${v.baseUrl}/api/v1/status/buildinfo`)).json()) as ApiBody
      expect(build.status).toBe("success")
      expect(Object.keys(build.data).sort()).toEqual(
        ["branch", "buildDate", "buildUser", "goVersion", "revision", "version"].sort()
      )
      expect(build.data.version).toMatch(/^3\.\d+\.\d+\+vesta\./)
      const flags = (await (await fetch(`${v.baseUrl}/api/v1/status/flags`)).json()) as ApiBody
      expect(flags.data["web.listen-address"]).toBe("127.0.0.1:0")
      expect(flags.data["log.level"]).toBe("debug")
      const rt = await fetch(`${v.baseUrl}/api/v1/status/runtimeinfo`)
      expect(rt.headers.get("access-control-allow-origin")).toBe("*")
      expect(((await rt.json()) as ApiBody).data.startTime).toMatch(/^\d{4}-\d\d-\d\dT/)
      const pre = await fetch(`${v.baseUrl}/api/v1/query`, { method: "OPTIONS" })
      expect(pre.status).toBe(204)
      const missing = await fetch(`${v.baseUrl}/api/v1/nope`)
      expect(missing.status).toBe(404)
      expect(await missing.text()).toBe("404 page not found\n")
    } finally {
      await v.stop()
    }
  })
})

describe("vesta check config", () => {
  it("accepts a valid prometheus.yml and names the field of a bad one", async () => {
    const dir = tempDir()
    const good = join(dir, "good.yml")
    const bad = join(dir, "bad.yml")
    writeFileSync(
      good,
      "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: x\n    static_configs: [{targets: ['a:1']}]\n"
    )
    writeFileSync(bad, "scrape_configs:\n  - job_name: x\n    scrape_interval: abc\n")
    const ok = await runVesta(["check", "config", good])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe(`Checking ${good}\n SUCCESS: ${good} is valid prometheus config file syntax\n\n`)
    const ko = await runVesta(["check", "config", good, bad])
    expect(ko.code).toBe(1)
    expect(ko.stderr).toBe(
      `  FAILED: ${bad}: scrape_configs[0].scrape_interval: not a valid duration string: "abc" (line 3)\n`
    )
  })
})

describe("vesta tsdb", () => {
  const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
  it("dumps promtool's fixture blocks exactly as promtool did", async () => {
    const r = await runVesta(["tsdb", "dump", join(fixtures, "data")])
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split("\n").sort()).toEqual(
      readFileSync(join(fixtures, "dump.txt"), "utf8").trim().split("\n").sort()
    )
  })
  it("backfills OpenMetrics into the same blocks promtool makes, which promtool reads", async () => {
    const out = join(tempDir(), "blocks")
    const r = await runVesta(["tsdb", "create-blocks-from", "openmetrics", join(fixtures, "input.om"), out])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/wrote 2\/2 blocks, \d+\/s, ETA/)
    const rows = (s: string) =>
      s
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(/\s+/).slice(1, 7).join(" ")) // times, duration, samples, chunks, series
    const theirs = readFileSync(join(fixtures, "list.txt"), "utf8")
    expect(rows(r.stdout)).toEqual(rows(theirs))
    const list = await runTool("promtool", ["tsdb", "list", out])
    expect(list.code, list.stderr).toBe(0)
    expect(rows(list.stdout)).toEqual(rows(theirs))
    const dump = await runVesta(["tsdb", "dump", out])
    expect(dump.code, dump.stderr).toBe(0)
    expect(dump.stdout.trim().split("\n").sort()).toEqual(
      readFileSync(join(fixtures, "dump.txt"), "utf8").trim().split("\n").sort()
    )
  })

  it("reports a missing directory in promtool's one line", async () => {
    const missing = join(tempDir(), "missing")
    const [ours, theirs] = await Promise.all([
      runVesta(["tsdb", "list", missing]),
      runTool("promtool", ["tsdb", "list", missing])
    ])
    expect([ours.code, ours.stderr]).toEqual([theirs.code, theirs.stderr])
  })
})
