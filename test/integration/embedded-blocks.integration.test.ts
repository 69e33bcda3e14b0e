/**
 * The embedded database over time: remote-written data spanning more than 1.5 block ranges is cut
 * into Prometheus blocks in the data directory (which promtool lists, analyzes and dumps), queries
 * read across the head/block boundary, the write-ahead log is purged behind the blocks, and after
 * `kill -9` and restart nothing is lost or read twice.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { isUlid } from "../../storage/blocks/ulid.ts"
import { runTool } from "../support/run-tool.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-blocks-"))
const data = join(dir, "data")
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const hour = 3600_000
const step = 30_000
const now = Math.floor(Date.now() / step) * step
const first = now - 5 * hour
const times = Array.from({ length: (5 * hour) / step + 1 }, (_, i) => first + i * step)
const names = ["blk_a", "blk_b", "blk_c"]

const send = async (vesta: VestaProcess) => {
  for (let i = 0; i < times.length; i += 60) {
    const ts = times.slice(i, i + 60)
    const body = encodeWriteRequest(
      names.map((n, k) => ({
        labels: ["__name__", n, "job", "blocks"],
        timestamps: ts,
        values: Float64Array.from(ts, (t) => (t - first) / step + k)
      }))
    )
    const r = await fetch(`${vesta.baseUrl}/api/v1/write`, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
      body: compressBlock(body)
    })
    expect(r.status).toBe(204)
  }
}

const query = async (vesta: VestaProcess, q: string, timeMs = now) => {
  const r = await fetch(
    `${vesta.baseUrl}/api/v1/query?${new URLSearchParams({ query: q, time: String(timeMs / 1000) })}`
  )
  const j = (await r.json()) as {
    error?: string
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }
  }
  if (!j.data) throw new Error(`${q}: ${JSON.stringify(j)}`)
  return j.data.result.map((s) => [s.metric.__name__, s.value[1]])
}

const metric = async (vesta: VestaProcess, name: string) => {
  const text = await (await fetch(`${vesta.baseUrl}/metrics`)).text()
  const line = text.split("\n").find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.split(" ")[1])
}

const blockDirs = () => readdirSync(data).filter(isUlid)

const waitFor = async (what: string, f: () => boolean | Promise<boolean>, ms = 20_000) => {
  const until = Date.now() + ms
  while (!(await f())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe("embedded blocks", () => {
  it("cuts blocks promtool reads, queries across them, purges the WAL, survives kill -9", async () => {
    const expected = names.map(() => String(times.length))
    const counts = async (v: VestaProcess) =>
      Promise.all(names.map(async (n) => (await query(v, `count_over_time(${n}[6h])`))[0]?.[1]))
    writeFileSync(join(dir, "prometheus.yml"), "global:\n  external_labels:\n    cluster: c1\n")
    writeFileSync(
      join(dir, "objstore.yml"),
      `type: FILESYSTEM\nconfig:\n  directory: ${join(dir, "bucket")}\n`
    )
    const flags = [
      `--storage.tsdb.path=${data}`,
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--objstore.config-file=${join(dir, "objstore.yml")}`
    ]
    let vesta = await startVesta("start", flags)
    try {
      await send(vesta)
      // 5h of data with 2h blocks: [aligned(first), +2h) and the next range are due (head > 3h).
      await waitFor("a head block", () => blockDirs().length >= 1)
      await waitFor(
        "the head to shrink",
        async () => ((await metric(vesta, "prometheus_tsdb_head_min_time")) ?? 0) > first
      )
      expect(await metric(vesta, "prometheus_tsdb_blocks_loaded")).toBe(blockDirs().length)
      await waitFor("the WAL purge", () => vesta.log().includes("Write-ahead log purged"))
      // Shipped to the bucket in Thanos's layout with the external labels (sidecar rounds: 30 s).
      await waitFor(
        "blocks in the bucket",
        () => blockDirs().every((b) => existsSync(join(dir, "bucket", b, "meta.json"))),
        45_000
      )
      console.log(vesta.log())
      for (const b of blockDirs()) {
        const meta = JSON.parse(readFileSync(join(dir, "bucket", b, "meta.json"), "utf8"))
        expect(meta.thanos.labels).toEqual({ cluster: "c1" })
        expect(readFileSync(join(dir, "bucket", b, "index"))).toEqual(readFileSync(join(data, b, "index")))
      }
      expect(await counts(vesta)).toEqual(expected)
      expect(await query(vesta, "blk_b")).toEqual([["blk_b", String(times.length - 1 + 1)]])
      expect(await query(vesta, "blk_c", first + hour * 2 + step * 3)).toEqual([
        ["blk_c", String(240 + 3 + 2)]
      ])
    } finally {
      const exited = new Promise((r) => vesta.child.once("exit", r))
      vesta.child.kill("SIGKILL")
      await exited
    }

    // promtool reads the blocks Vesta wrote: same series and samples.
    const list = await runTool("promtool", ["tsdb", "list", data])
    expect(list.code, list.stderr).toBe(0)
    for (const b of blockDirs()) expect(list.stdout).toContain(b)
    for (const b of blockDirs()) {
      const analyze = await runTool("promtool", ["tsdb", "analyze", data, b])
      expect(analyze.code, analyze.stderr).toBe(0)
      expect(analyze.stdout).toContain("\nSeries: 3\n")
    }
    const dump = await runTool("promtool", ["tsdb", "dump", data])
    expect(dump.code, dump.stderr).toBe(0)
    const dumped = dump.stdout.split("\n").filter((l) => l.startsWith("{"))
    const floor = Math.max(
      ...blockDirs().map(
        (b) => (JSON.parse(readFileSync(join(data, b, "meta.json"), "utf8")) as { maxTime: number }).maxTime
      )
    )
    // promtool reads only the blocks (Vesta's WAL is its own format): exactly the samples before the floor.
    expect(dumped.length).toBe(times.filter((t) => t < floor).length * names.length)
    expect(dumped.filter((l) => l.includes('__name__="blk_a"')).length).toBe(
      times.filter((t) => t < floor).length
    )

    // Restart: blocks + replayed (purged) WAL give the same answers, nothing twice.
    vesta = await startVesta("start", flags)
    try {
      expect(await counts(vesta)).toEqual(expected)
      const replayed = (await metric(vesta, "prometheus_tsdb_head_samples_appended_total")) ?? 0
      expect(replayed).toBeGreaterThan(0)
      expect(replayed).toBeLessThan(times.length * names.length)
      // Samples older than the newest block are rejected as out of bounds, as Prometheus does.
      const old = await fetch(`${vesta.baseUrl}/api/v1/write`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
        body: compressBlock(
          encodeWriteRequest([
            {
              labels: ["__name__", "blk_a", "job", "blocks"],
              timestamps: [first + step / 2],
              values: Float64Array.of(1)
            }
          ])
        )
      })
      expect(old.status).toBe(400)
      expect(await counts(vesta)).toEqual(expected)
    } finally {
      await vesta.stop()
    }
  }, 90_000)

  it("compacts level-1 blocks and deletes blocks beyond --storage.tsdb.retention.time", async () => {
    const data2 = join(dir, "data2")
    const start = Math.floor((Date.now() - 15 * hour) / (6 * hour)) * 6 * hour // compaction windows align to 6h
    const ts = Array.from({ length: (15 * hour) / 60_000 }, (_, i) => start + i * 60_000)
    const vesta = await startVesta("start", [
      `--storage.tsdb.path=${data2}`,
      "--storage.tsdb.retention.time=5h",
      "--storage.tsdb.max-block-duration=6h"
    ])
    try {
      for (let i = 0; i < ts.length; i += 60) {
        const part = ts.slice(i, i + 60)
        const r = await fetch(`${vesta.baseUrl}/api/v1/write`, {
          method: "POST",
          headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
          body: compressBlock(
            encodeWriteRequest([
              { labels: ["__name__", "ret"], timestamps: part, values: Float64Array.from(part, () => 1) }
            ])
          )
        })
        expect(r.status).toBe(204)
      }
      // Blocks [0,2h) … [10h,12h) are cut one after another; once [6h,8h) exists, [0,6h) is
      // compacted into one level-2 block (the newest block is left out of planning), which is
      // deleted once the newest block ends at 12h, more than 5h after its end.
      const metas = () =>
        readdirSync(data2)
          .filter(isUlid)
          .map(
            (b) =>
              JSON.parse(readFileSync(join(data2, b, "meta.json"), "utf8")) as {
                minTime: number
                maxTime: number
                compaction: { level: number }
              }
          )
          .sort((a, b) => a.minTime - b.minTime)
      await waitFor(
        "compaction and retention",
        async () => vesta.log().includes("Deleting block beyond retention"),
        20_000
      )
      const compacted = vesta
        .log()
        .match(/msg="Compacted blocks" inputs=\S+ ulid=(\S+) mint=(\d+) maxt=(\d+)/)
      expect(compacted?.slice(2).map((t) => Number(t) - start)).toEqual([0, 6 * hour])
      expect(vesta.log()).toContain(
        `msg="Deleting block beyond retention" ulid=${compacted?.[1]} reason=time`
      )
      expect(metas().map((m) => [m.minTime - start, m.maxTime - start, m.compaction.level])).toEqual([
        [6 * hour, 8 * hour, 1],
        [8 * hour, 10 * hour, 1],
        [10 * hour, 12 * hour, 1]
      ])
      const r = await query(vesta, "count_over_time(ret[16h])", start + 15 * hour)
      expect(r).toEqual([[undefined, String(9 * 60)]])
      expect(await metric(vesta, "prometheus_tsdb_time_retentions_total")).toBe(1)
    } finally {
      await vesta.stop()
    }
  }, 60_000)

  it("admin API: delete_series (head and blocks, kept across restart), clean_tombstones, snapshot; status/tsdb", async () => {
    const data3 = join(dir, "data3")
    const flags = [`--storage.tsdb.path=${data3}`, "--web.enable-admin-api"]
    let vesta = await startVesta("start", flags)
    const start = Math.floor((Date.now() - 5 * hour) / (2 * hour)) * 2 * hour
    const ts = Array.from({ length: (5 * hour) / 60_000 }, (_, i) => start + i * 60_000)
    const post = (v: VestaProcess, path: string, form: Record<string, string>) =>
      fetch(`${v.baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form)
      })
    try {
      for (let i = 0; i < ts.length; i += 60) {
        const part = ts.slice(i, i + 60)
        const r = await fetch(`${vesta.baseUrl}/api/v1/write`, {
          method: "POST",
          headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
          body: compressBlock(
            encodeWriteRequest(
              ["keep", "drop"].map((n) => ({
                labels: ["__name__", "adm", "k", n],
                timestamps: part,
                values: Float64Array.from(part, () => 1)
              }))
            )
          )
        })
        expect(r.status).toBe(204)
      }
      await waitFor("a head block", () => readdirSync(data3).filter(isUlid).length >= 1)
      expect(await counts2(vesta)).toEqual(["300", "300"])
      // Delete k="drop" from 1h to 3h after start: 60 samples in the block, 61 in the head.
      const del = await post(vesta, "/api/v1/admin/tsdb/delete_series", {
        "match[]": 'adm{k="drop"}',
        start: String((start + hour) / 1000),
        end: String((start + 3 * hour) / 1000)
      })
      expect(del.status).toBe(204)
      expect(await counts2(vesta)).toEqual(["300", String(300 - 121)])
      const snap = await post(vesta, "/api/v1/admin/tsdb/snapshot", {})
      const name = ((await snap.json()) as { data: { name: string } }).data.name
      expect(readdirSync(join(data3, "snapshots", name)).filter(isUlid).length).toBeGreaterThanOrEqual(2)
      const status = (await (await fetch(`${vesta.baseUrl}/api/v1/status/tsdb`)).json()) as {
        data: { headStats: { numSeries: number } }
      }
      expect(status.data.headStats.numSeries).toBe(2)
    } finally {
      await vesta.stop()
    }
    // After a restart (WAL replayed) the deletion holds; clean_tombstones rewrites the block.
    vesta = await startVesta("start", flags)
    try {
      expect(await counts2(vesta)).toEqual(["300", String(300 - 121)])
      expect((await post(vesta, "/api/v1/admin/tsdb/clean_tombstones", {})).status).toBe(204)
      expect(await counts2(vesta)).toEqual(["300", String(300 - 121)])
    } finally {
      await vesta.stop()
    }
    async function counts2(v: VestaProcess) {
      return Promise.all(
        ["keep", "drop"].map(
          async (k) => (await query(v, `count_over_time(adm{k="${k}"}[6h])`, start + 5 * hour))[0]?.[1]
        )
      )
    }
  }, 60_000)
})
