/**
 * The file log survives kill -9: a child appends with acks until it is SIGKILLed mid-stream; on
 * reopen every acknowledged entry reads back intact, and a torn tail is cut, not read. Also: a torn
 * tail written by hand is truncated, and damage in an older segment is reported with file and offset.
 */
import { spawn } from "node:child_process"
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { FileLog, LogCorruptError } from "../../storage/log/file-log.ts"

const root = mkdtempSync(join(tmpdir(), "vesta-log-kill-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const text = (b: Uint8Array) => new TextDecoder().decode(b)

describe("file log durability", () => {
  it("keeps every acknowledged entry across kill -9 of the writer", async () => {
    const dir = join(root, "kill")
    const child = spawn(process.execPath, [join(import.meta.dirname, "durable-log-writer.ts"), dir], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    const acked = new Map<number, number>()
    let partial = ""
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (b: Buffer) => {
        const lines = (partial + b.toString()).split("\n")
        partial = lines.pop() ?? ""
        for (const l of lines) {
          const m = l.match(/^acked (\d+) (\d+)$/)
          if (m) acked.set(Number(m[1]), Number(m[2]))
        }
        if (acked.size >= 3000) resolve()
      })
    })
    child.kill("SIGKILL")
    await new Promise((r) => child.once("exit", r))
    const log = new FileLog(dir)
    const entries = log.read(1, 1_000_000)
    const bySeq = new Map(entries.map((e) => [e.seq, text(e.data)]))
    for (const [seq, k] of acked)
      expect(bySeq.get(seq), `acked seq ${seq}`).toMatch(new RegExp(`^entry-${k}-x*$`))
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1))
    expect(readdirSync(dir).filter((f) => f.endsWith(".log")).length).toBeGreaterThan(1) // segments rolled
    log.close()
  }, 60_000)

  it("truncates a torn tail and reports it", async () => {
    const dir = join(root, "torn")
    const log = new FileLog(dir)
    await log.append([new TextEncoder().encode("one"), new TextEncoder().encode("two")])
    log.close()
    const seg = join(dir, readdirSync(dir).filter((f) => f.endsWith(".log"))[0])
    const before = readFileSync(seg).length
    appendFileSync(seg, Buffer.from([0, 0, 0, 50, 1, 2, 3])) // a header promising more than is there
    const again = new FileLog(dir)
    expect(again.repairs).toEqual([{ file: seg, offset: before, reason: "torn record header" }])
    expect(again.read(1, 10).map((e) => text(e.data))).toEqual(["one", "two"])
    expect(await again.append([new TextEncoder().encode("three")])).toEqual({ firstSeq: 3, lastSeq: 3 })
    again.close()
  })

  it("refuses to open when an older segment is damaged, naming file and offset", async () => {
    const dir = join(root, "bad")
    const log = new FileLog(dir, { segmentMaxBytes: 64, entryMaxBytes: 1024 })
    for (let i = 0; i < 10; i++)
      await log.append([new TextEncoder().encode(`entry number ${i} with some padding`)])
    log.close()
    const first = join(
      dir,
      readdirSync(dir)
        .filter((f) => f.endsWith(".log"))
        .sort()[0]
    )
    const b = readFileSync(first)
    b[10] ^= 0xff
    writeFileSync(first, b)
    expect(() => new FileLog(dir)).toThrow(LogCorruptError)
    expect(() => new FileLog(dir)).toThrow(
      new RegExp(`corrupt log segment ${first} at offset 0: CRC mismatch`)
    )
  })
})
