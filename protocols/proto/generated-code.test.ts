import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { vesta } from "../gen/vesta.js"

describe("generated protobuf code", () => {
  it("round-trips an IngestBatch, keeping value bits", () => {
    const stale = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0]
    const msg = vesta.ingest.IngestBatch.create({
      batchId: "b-1",
      source: "remote_write",
      series: [
        {
          labels: [{ name: "__name__", value: "up" }],
          timestampsMs: [1700000000000, 1700000015000],
          values: [1, stale]
        }
      ]
    })
    const bytes = vesta.ingest.IngestBatch.encode(msg).finish()
    const back = vesta.ingest.IngestBatch.decode(bytes)
    const series = back.series[0] as vesta.ingest.SeriesSamples
    expect(back.batchId).toBe("b-1")
    expect(series.labels[0].value).toBe("up")
    expect(series.timestampsMs.map(Number)).toEqual([1700000000000, 1700000015000])
    const v = new Float64Array([series.values[1]])
    expect(new BigUint64Array(v.buffer)[0] & 0x0007ffffffffffffn).toBe(2n)
  })
  it("is up to date with protocols/proto (regenerated into a temp dir)", () => {
    const out = mkdtempSync(join(tmpdir(), "vesta-gen-"))
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, "../../scripts/gen-proto.ts"), out], {
        stdio: "pipe"
      })
      for (const f of ["vesta.js", "vesta.d.ts"]) {
        expect(readFileSync(join(out, f), "utf8"), `${f} is stale: run npm run proto`).toBe(
          readFileSync(join(import.meta.dirname, "../gen", f), "utf8")
        )
      }
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 60_000)
})
