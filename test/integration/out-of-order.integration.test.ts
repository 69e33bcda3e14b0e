/**
 * `storage.tsdb.out_of_order_time_window` in Vesta embedded against Prometheus 2.42 with the same
 * prometheus.yml: the same remote-write requests (in order, out of order within the window, repeats,
 * too old) give the same answers and the same query results; out-of-order samples survive kill -9
 * (WAL replay) and, once in-order blocks are cut, land in blocks promtool reads.
 *
 * One deliberate difference: a sample older than the window is "too old sample" on both, but 2.42
 * answers 500 (so senders retry it forever) and later releases answer 400 (prometheus#13335), as Vesta does.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { type Peer, runTool, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const minute = 60_000
const hour = 60 * minute
const dir = mkdtempSync(join(tmpdir(), "vesta-ooo-it-"))
const running: Array<{ stop: () => Promise<void> }> = []
afterAll(async () => {
  for (const p of running) await p.stop()
  rmSync(dir, { recursive: true, force: true })
})

const configFor = (window: string) =>
  `global:\n  scrape_interval: 15s\nstorage:\n  tsdb:\n    out_of_order_time_window: ${window}\n`

const write = async (base: string, name: string, ts: number[], vs: number[]) => {
  const r = await fetch(`${base}/api/v1/write`, {
    method: "POST",
    headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
    body: compressBlock(
      encodeWriteRequest([
        { labels: ["__name__", name, "job", "ooo"], timestamps: ts, values: Float64Array.from(vs) }
      ])
    )
  })
  return { status: r.status, body: (await r.text()).trim() }
}

const queryAt = async (base: string, q: string, t: number) => {
  const r = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: q, time: String(t / 1000) })}`)
  const body = (await r.json()) as { status: string; data: { result: Array<{ metric: object }> } }
  body.data.result.sort((a, b) => JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)))
  return body
}

const metric = async (base: string, name: string) => {
  const text = await (await fetch(`${base}/metrics`)).text()
  const line = text
    .split("\n")
    .find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{type="float"} `))
  return line === undefined ? undefined : Number(line.split(" ").pop())
}

const killAndRestart = async (v: VestaProcess, flags: string[]) => {
  const exited = new Promise((r) => v.child.once("exit", r))
  v.child.kill("SIGKILL")
  await exited
  const next = await startVesta("start", flags)
  running.push(next)
  return next
}

describe("out-of-order window (embedded vs Prometheus 2.42)", () => {
  const now = Math.floor((Date.now() - 5 * minute) / minute) * minute
  // [series, timestamps relative to now in seconds, values]; one request each, in this order.
  const steps: Array<[string, number[], number[]]> = [
    ["a", [0], [1]],
    ["a", [-60], [2]],
    ["a", [-60], [2]],
    ["a", [-60], [3]],
    ["a", [-2400], [4]],
    ["b", [-2400], [5]],
    ["b", [-1200], [6]],
    ["b", [-1500, -1320], [7, 8]],
    ["b", [-1500], [7]],
    ["a", [0], [1]],
    ["a", [0], [9]],
    ["c", [-3 * 3600], [1]],
    ["a", [-10, -20], [10, 11]],
    ["d", [0], [0]],
    ["d", Array.from({ length: 50 }, (_, i) => -30 * (i + 1)), Array.from({ length: 50 }, (_, i) => i)],
    ["d", [-1799], [100]],
    ["d", [-1801], [101]]
  ]
  const vestaFlags = [
    `--storage.tsdb.path=${join(dir, "window-data")}`,
    `--config.file=${join(dir, "window.yml")}`
  ]
  let prom: Peer
  let vesta: VestaProcess
  const q = '{job="ooo"}[3h]'

  it("answers every request as Prometheus does", async () => {
    writeFileSync(join(dir, "window.yml"), configFor("30m"))
    ;[prom, vesta] = await Promise.all([
      startPrometheus({ config: configFor("30m"), flags: ["--web.enable-remote-write-receiver"] }),
      startVesta("start", vestaFlags)
    ])
    running.push(prom, vesta)
    for (const [name, rel, vs] of steps) {
      const ts = rel.map((s) => now + s * 1000)
      const [p, v] = await Promise.all([
        write(prom.baseUrl, name, ts, vs),
        write(vesta.baseUrl, name, ts, vs)
      ])
      const expected = p.body === "too old sample" && p.status === 500 ? { ...p, status: 400 } : p
      expect([name, rel, v]).toEqual([name, rel, expected])
    }
  }, 60_000)

  it("stores the same samples", async () => {
    const [p, v] = await Promise.all([
      queryAt(prom.baseUrl, q, now + 1000),
      queryAt(vesta.baseUrl, q, now + 1000)
    ])
    expect(p.status).toBe("success")
    expect(v).toEqual(p)
  })

  it("counts out-of-order and too-old samples alike", async () => {
    for (const name of [
      "prometheus_tsdb_head_out_of_order_samples_appended_total",
      "prometheus_tsdb_too_old_samples_total"
    ]) {
      const [p, v] = await Promise.all([metric(prom.baseUrl, name), metric(vesta.baseUrl, name)])
      expect([name, v]).toEqual([name, p])
    }
  })

  it("keeps out-of-order samples across kill -9", async () => {
    vesta = await killAndRestart(vesta, vestaFlags)
    const [p, v] = await Promise.all([
      queryAt(prom.baseUrl, q, now + 1000),
      queryAt(vesta.baseUrl, q, now + 1000)
    ])
    expect(v).toEqual(p)
  })

  it("keeps the good samples of a request with a too old one (2.42 rolls the whole request back)", async () => {
    const r = await write(vesta.baseUrl, "e", [now, now - 1790_000, now - 1810_000], [1, 2, 3])
    expect(r).toEqual({ status: 400, body: "too old sample" })
    const v = await queryAt(vesta.baseUrl, 'e{job="ooo"}[1h]', now + 1000)
    expect(v.data.result).toEqual([
      {
        metric: { __name__: "e", job: "ooo" },
        values: [
          [(now - 1790_000) / 1000, "2"],
          [now / 1000, "1"]
        ]
      }
    ])
  })
})

describe("out-of-order samples into blocks (embedded vs Prometheus 2.42)", () => {
  const base = Math.floor(Date.now() / hour) * hour - 5 * hour
  const data = join(dir, "blocks-data")
  const vestaFlags = [
    `--storage.tsdb.path=${data}`,
    `--config.file=${join(dir, "blocks.yml")}`,
    "--storage.tsdb.min-block-duration=1h"
  ]
  let prom: Peer
  let vesta: VestaProcess
  const q = '{job="ooo"}[6h]'
  const ooo = Array.from({ length: 50 }, (_, i) => base + 2 * hour + 30 * minute - i * minute)

  it("cuts in-order blocks, then writes the out-of-order samples into blocks of their own", async () => {
    writeFileSync(join(dir, "blocks.yml"), configFor("3h"))
    ;[prom, vesta] = await Promise.all([
      startPrometheus({
        config: configFor("3h"),
        flags: ["--web.enable-remote-write-receiver", "--storage.tsdb.min-block-duration=1h"]
      }),
      startVesta("start", vestaFlags)
    ])
    running.push(prom, vesta)
    const both = async (name: string, ts: number[], vs: number[]) => {
      const [p, v] = await Promise.all([
        write(prom.baseUrl, name, ts, vs),
        write(vesta.baseUrl, name, ts, vs)
      ])
      expect([name, v.status]).toEqual([name, p.status])
      expect(p.status).toBe(204)
    }
    for (let i = 0; i <= 240; i += 30) {
      const ts = Array.from({ length: 30 }, (_, k) => base + (i + k) * minute).filter(
        (t) => t <= base + 4 * hour
      )
      await both(
        "inorder",
        ts,
        ts.map((t) => (t - base) / minute)
      )
    }
    await both("late", [base + 4 * hour], [0])
    await both(
      "late",
      ooo,
      ooo.map((_, i) => i + 1)
    )
    // The head now spans more than 1.5 block ranges: an in-order block is cut, and the
    // out-of-order samples follow.
    await both("inorder", [base + 4 * hour + 45 * minute], [285])
    // Flushed into blocks hinted from-out-of-order, which vertical compaction then merges into
    // the in-order blocks of their ranges (as Prometheus does right after the head compaction).
    const blocks = () =>
      readdirSync(data)
        .filter((d) => /^[0-9A-Z]{26}$/.test(d))
        .map(
          (d) =>
            JSON.parse(readFileSync(join(data, d, "meta.json"), "utf8")) as {
              minTime: number
              maxTime: number
            }
        )
        .sort((x, y) => x.minTime - y.minTime)
    const overlapping = () => blocks().some((b, i, all) => i > 0 && b.minTime < all[i - 1].maxTime)
    const until = Date.now() + 20_000
    while ((!existsSync(join(data, "out-of-order-flushed.json")) || overlapping()) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100))
    expect(existsSync(join(data, "out-of-order-flushed.json"))).toBe(true)
    expect(overlapping()).toBe(false)
  }, 60_000)

  it("promtool reads the out-of-order samples from Vesta's blocks", async () => {
    const r = await runTool("promtool", ["tsdb", "dump", data])
    expect(r.code).toBe(0)
    const late = r.stdout
      .split("\n")
      .filter((l) => l.startsWith('{__name__="late"'))
      .map((l) => Number(l.split(" ").pop()))
      .sort((x, y) => x - y)
    expect(late).toEqual([...ooo].sort((x, y) => x - y))
  })

  it("queries agree with Prometheus, before and after kill -9", async () => {
    const at = base + 5 * hour
    const [p, v] = await Promise.all([queryAt(prom.baseUrl, q, at), queryAt(vesta.baseUrl, q, at)])
    expect(p.data.result.length).toBe(2)
    expect(v).toEqual(p)
    vesta = await killAndRestart(vesta, vestaFlags)
    expect(await queryAt(vesta.baseUrl, q, at)).toEqual(p)
  }, 30_000)
})
