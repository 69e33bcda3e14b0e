/**
 * The file log survives kill -9: a child process (durable-log-writer.ts) appends with 32 calls in
 * flight and prints every ack; it is SIGKILLed mid-append, three rounds on the same directory.
 * After each kill the log is reopened here: every acknowledged entry must read back byte for
 * byte, sequences must be gapless from 1, and no entry may be anything but a whole payload.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Readable } from "node:stream"
import { afterAll, expect, it } from "vitest"
import { FileLog } from "../../storage/log/file-log.ts"
import { checkPayload, logPayload } from "./durable-log-payload.ts"

const root = mkdtempSync(join(tmpdir(), "vesta-log-kill-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

interface Acked {
  readonly firstSeq: number
  readonly call: number
  readonly entries: number
}

/** Runs the writer until it has printed `acks` acks (after `opened`), then SIGKILLs it. */
const runAndKill = async (dir: string, firstCall: number, acks: number): Promise<Acked[]> => {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [join(import.meta.dirname, "durable-log-writer.ts"), dir, String(firstCall), "32"],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  const acked: Acked[] = []
  let stderr = ""
  child.stderr.on("data", (b: Buffer) => {
    stderr += b
  })
  await new Promise<void>((resolve, reject) => {
    let partial = ""
    child.once("exit", (code) => reject(new Error(`writer exited early (code ${code})\n${stderr}`)))
    child.stdout.on("data", (b: Buffer) => {
      const lines = (partial + b.toString()).split("\n")
      partial = lines.pop() ?? ""
      for (const l of lines) {
        const m = l.match(/^acked (\d+) (\d+) (\d+)$/)
        if (m) acked.push({ firstSeq: Number(m[1]), call: Number(m[2]), entries: Number(m[3]) })
      }
      if (acked.length >= acks) resolve()
    })
  })
  child.removeAllListeners("exit")
  const exited = new Promise((r) => child.once("exit", r))
  child.kill("SIGKILL")
  await exited
  return acked
}

it("keeps every acknowledged entry across kill -9 of the writer, three rounds", async () => {
  const dir = join(root, "kill")
  const acked: Acked[] = []
  for (let round = 0; round < 3; round++) {
    acked.push(...(await runAndKill(dir, round * 1_000_000, 1500)))
    const log = await FileLog.open("kill", dir)
    try {
      const all = []
      for (let seq = 1; ; ) {
        const got = await log.read(seq, 10_000)
        if (got.length === 0) break
        all.push(...got)
        seq = got[got.length - 1].seq + 1
      }
      expect(all.length).toBe(log.lastSeq)
      all.forEach((e, i) => {
        expect(e.seq).toBe(i + 1)
        expect(checkPayload(e.data), `entry ${e.seq} is not a whole payload`).toBeDefined()
      })
      for (const a of acked)
        for (let j = 0; j < a.entries; j++) {
          const e = all[a.firstSeq + j - 1]
          expect(e, `acked seq ${a.firstSeq + j} missing`).toBeDefined()
          expect(Buffer.from(e.data).equals(Buffer.from(logPayload(a.call, j))), `acked seq ${e.seq}`).toBe(
            true
          )
        }
    } finally {
      await log.close()
    }
  }
  expect(acked.length).toBeGreaterThanOrEqual(4500)
  expect(readdirSync(dir).filter((f) => f.endsWith(".seg")).length).toBeGreaterThan(3) // segments rolled
}, 120_000)
