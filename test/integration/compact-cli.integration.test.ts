/**
 * `vesta compact` as a one-shot command on a FILESYSTEM bucket (Thanos's flags): four 2h blocks
 * and a newer one become one 8h block plus the newer one; the inputs carry deletion marks; promtool
 * lists the bucket directory (a filesystem bucket is a Prometheus data directory).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { writeBlock } from "../../storage/blocks/block-writer.ts"
import { isUlid } from "../../storage/blocks/ulid.ts"
import { Head } from "../../storage/head/head.ts"
import { headBlockSeries } from "../../storage/head/head-block.ts"
import { fsObjectStore } from "../../storage/object-store/fs-object-store.ts"
import { uploadBlock } from "../../storage/ship/shipper.ts"
import { runTool } from "../support/run-tool.ts"
import { runVesta } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-compact-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const hour = 3600_000

describe("vesta compact", () => {
  it("compacts a filesystem bucket in one pass", async () => {
    const bucket = join(dir, "bucket")
    const local = join(dir, "local")
    mkdirSync(local)
    const store = fsObjectStore(bucket)
    const inputs: string[] = []
    for (let k = 0; k < 5; k++) {
      const head = new Head()
      for (let t = k * 2 * hour; t < (k + 1) * 2 * hour; t += 60_000)
        head.append(["__name__", "cc", "k", String(k % 2)], t, k)
      const meta = writeBlock(
        local,
        headBlockSeries(head, k * 2 * hour, (k + 1) * 2 * hour),
        { minTime: k * 2 * hour, maxTime: (k + 1) * 2 * hour },
        { durable: false }
      )
      await Effect.runPromise(
        uploadBlock(store, join(local, meta.ulid), meta, { externalLabels: { region: "r1" } })
      )
      inputs.push(meta.ulid)
    }
    writeFileSync(join(dir, "objstore.yml"), `type: FILESYSTEM\nconfig:\n  directory: ${bucket}\n`)
    const r = await runVesta([
      "compact",
      `--objstore.config-file=${join(dir, "objstore.yml")}`,
      `--data-dir=${join(dir, "scratch")}`
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('msg="Compacted blocks"')
    const blocks = readdirSync(bucket).filter(isUlid)
    expect(blocks.length).toBe(6)
    for (const u of inputs.slice(0, 4)) expect(existsSync(join(bucket, u, "deletion-mark.json"))).toBe(true)
    expect(existsSync(join(bucket, inputs[4], "deletion-mark.json"))).toBe(false)
    const list = await runTool("promtool", ["tsdb", "list", bucket])
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/8h0m0s/)
  }, 60_000)
})
