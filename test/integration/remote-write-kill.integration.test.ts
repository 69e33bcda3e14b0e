/**
 * Durability of the embedded default: remote-write load against `vesta start`, `kill -9` in the
 * middle, restart on the same data directory: every sample that got a 2xx is queryable, and none
 * twice (the write-ahead log is replayed into the head).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { startVesta } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-rw-kill-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const seriesCount = 5
const base = Math.floor(Date.now() / 1000) * 1000 - 30 * 60_000

const body = (k: number) =>
  compressBlock(
    encodeWriteRequest(
      Array.from({ length: seriesCount }, (_, s) => ({
        labels: ["__name__", "load_test", "s", String(s)],
        timestamps: Array.from({ length: 10 }, (_, i) => base + k * 10 + i),
        values: Float64Array.from({ length: 10 }, (_, i) => k * 10 + i)
      }))
    )
  )

describe("remote write durability (embedded)", () => {
  it("keeps every acknowledged sample across kill -9, none twice", async () => {
    const data = join(dir, "data")
    const first = await startVesta("start", [`--storage.tsdb.path=${data}`])
    const acked: number[] = []
    let next = 0
    let killed = false
    const sender = async () => {
      while (!killed) {
        const k = next++
        try {
          const r = await fetch(`${first.baseUrl}/api/v1/write`, {
            method: "POST",
            headers: {
              "content-type": "application/x-protobuf",
              "content-encoding": "snappy",
              "x-prometheus-remote-write-version": "0.1.0"
            },
            body: body(k)
          })
          if (r.status === 204) acked.push(k)
          else if (!killed) throw new Error(`unexpected ${r.status}: ${await r.text()}`)
        } catch (e) {
          if (!killed) throw e
        }
      }
    }
    // One sender: a series' samples must arrive in time order, as remote write requires.
    const running = sender()
    while (acked.length < 150) await new Promise((r) => setTimeout(r, 5))
    killed = true
    first.child.kill("SIGKILL")
    await running
    // It may have exited while the sender wound down: then "exit" was already emitted.
    if (first.child.exitCode === null && first.child.signalCode === null)
      await new Promise((r) => first.child.once("exit", r))
    const second = await startVesta("start", [`--storage.tsdb.path=${data}`])
    try {
      for (let s = 0; s < seriesCount; s++) {
        const q = `load_test{s="${s}"}[2h]`
        const r = (await (
          await fetch(
            `${second.baseUrl}/api/v1/query?${new URLSearchParams({ query: q, time: String(Date.now() / 1000) })}`
          )
        ).json()) as {
          data: { result: Array<{ values: Array<[number, string]> }> }
        }
        const times = r.data.result[0].values.map(([t]) => Math.round(t * 1000))
        expect(new Set(times).size).toBe(times.length)
        const have = new Set(times)
        for (const k of acked)
          for (let i = 0; i < 10; i++)
            expect(have.has(base + k * 10 + i), `series ${s} request ${k}`).toBe(true)
      }
      expect(second.log()).toMatch(/msg="Write-ahead log replayed"/)
    } finally {
      await second.stop()
    }
  }, 60_000)
})
