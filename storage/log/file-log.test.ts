/**
 * The file log's own behaviour beyond the shared contract: torn tails cut at open, damage reported
 * with file and offset, half-created segments removed, purges deleting whole segments, group commit.
 */
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Exit, Stream } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { LogCorruptError } from "./durable-log.ts"
import { fileDurableLog } from "./file-durable-log.ts"
import { defaultFileLogOptions, FileLog } from "./file-log.ts"
import { segmentFileName } from "./file-log-files.ts"
import { recordHeaderBytes, segmentHeaderBytes } from "./log-record.ts"

const root = mkdtempSync(join(tmpdir(), "vesta-file-log-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const small = { ...defaultFileLogOptions, segmentMaxBytes: 1024 }
const entry = (i: number) => Buffer.from(`entry ${i} ${"#".repeat(100 + (i % 7))}`)
const text = (b: Uint8Array) => Buffer.from(b).toString()
const segments = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".seg"))
    .sort()
    .map((f) => join(dir, f))

/** A log in a fresh directory holding entries 1..count, appended one call each, closed. */
const written = async (count: number, options = small) => {
  const dir = join(root, `log${++n}`)
  const log = await FileLog.open("t", dir, options)
  for (let i = 1; i <= count; i++) await log.append([entry(i)])
  await log.close()
  return dir
}
const readAll = async (log: FileLog) => (await log.read(1, 1_000_000)).map((e) => text(e.data))

describe("torn tail of the last segment", () => {
  // Each row damages the end of the only segment the way a crash mid-write could.
  const cases: Array<[string, (file: string, size: number) => void, (size: number) => number, RegExp]> = [
    [
      "garbage shorter than a header",
      (f) => appendFileSync(f, Buffer.from([1, 2, 3, 4, 5, 6, 7])),
      (s) => s,
      /torn record header \(7 of 16 bytes\)/
    ],
    ["zero-filled space", (f) => appendFileSync(f, Buffer.alloc(4096)), (s) => s, /record checksum mismatch/],
    [
      "a record cut short",
      (f, s) => truncateSync(f, s - 5),
      (s) => s - recordHeaderBytes - entry(3).length,
      /runs past the end of the file/
    ],
    [
      "a header promising more data",
      (f) => appendFileSync(f, Buffer.from([0, 0, 0, 0, 0, 0, 0, 99])),
      (s) => s,
      /torn record header/
    ],
    [
      "random bytes",
      (f) => appendFileSync(f, Buffer.from("a crash left these bytes here, long enough for a header")),
      (s) => s,
      /record/
    ]
  ]
  it.each(cases)(
    "%s is cut at open, reported, and appends continue",
    async (_, damage, expectedOffset, reason) => {
      const dir = await written(3, defaultFileLogOptions)
      const [file] = segments(dir)
      const size = readFileSync(file).length
      damage(file, size)
      const log = await FileLog.open("t", dir)
      const kept = expectedOffset(size) === size ? 3 : 2
      expect(log.repairs).toEqual([
        { file, offset: expectedOffset(size), reason: expect.stringMatching(reason) }
      ])
      expect(await readAll(log)).toEqual([1, 2, 3].slice(0, kept).map((i) => text(entry(i))))
      expect(await log.append([entry(9)])).toEqual({ firstSeq: kept + 1, lastSeq: kept + 1 })
      await log.close()
      const again = await FileLog.open("t", dir)
      expect(again.repairs).toEqual([]) // the cut was made durable
      expect(again.lastSeq).toBe(kept + 1)
      await again.close()
    }
  )

  it("removes a last segment whose creation was cut short, then checks the one before", async () => {
    const dir = await written(20)
    const files = segments(dir)
    const lastSeq = 20
    const torn = join(dir, segmentFileName(lastSeq + 1))
    writeFileSync(torn, Buffer.from("VLO"))
    const log = await FileLog.open("t", dir, small)
    expect(log.repairs).toEqual([
      { file: torn, offset: 0, reason: expect.stringMatching(/creation was cut short/) }
    ])
    expect(segments(dir)).toEqual(files)
    expect(log.lastSeq).toBe(lastSeq)
    expect((await readAll(log)).length).toBe(lastSeq)
    await log.close()
  })
})

describe("damage a torn tail cannot explain", () => {
  it("a flipped byte in an older segment fails the read of it, naming file and offset", async () => {
    const dir = await written(30)
    const [first] = segments(dir)
    const b = readFileSync(first)
    const secondRecord = segmentHeaderBytes + recordHeaderBytes + entry(1).length
    b[secondRecord + recordHeaderBytes + 3] ^= 0x01
    writeFileSync(first, b)
    const log = await FileLog.open("t", dir, small)
    const err = await log.read(1, 10).catch((e) => e)
    expect(err).toBeInstanceOf(LogCorruptError)
    expect(err).toMatchObject({ file: first, offset: secondRecord, reason: "record checksum mismatch" })
    expect(err.message).toBe(
      `durable log "t": corrupt segment ${first} at offset ${secondRecord}: record checksum mismatch`
    )
    // Entries past the damaged segment stay readable.
    const later = await log.read(25, 3)
    expect(later.map((e) => text(e.data))).toEqual([25, 26, 27].map((i) => text(entry(i))))
    await log.close()
  })

  it("a flipped byte in the last segment with valid records after it fails the open", async () => {
    const dir = await written(5, defaultFileLogOptions)
    const [file] = segments(dir)
    const b = readFileSync(file)
    const third = segmentHeaderBytes + 2 * recordHeaderBytes + entry(1).length + entry(2).length
    b[third + recordHeaderBytes] ^= 0x80
    writeFileSync(file, b)
    await expect(FileLog.open("t", dir)).rejects.toThrow(
      `durable log "t": corrupt segment ${file} at offset ${third}: record checksum mismatch; a valid later record at offset ${third + recordHeaderBytes + entry(3).length} rules out a torn tail`
    )
    expect(readFileSync(file).equals(b)).toBe(true) // nothing was cut
  })

  it("a damaged header of an older segment fails the open", async () => {
    const dir = await written(30)
    const [first] = segments(dir)
    const b = readFileSync(first)
    b[9] ^= 0xff
    writeFileSync(first, b)
    await expect(FileLog.open("t", dir, small)).rejects.toThrow(
      `corrupt segment ${first} at offset 0: segment header checksum mismatch`
    )
  })

  it("an older segment missing records is reported when read", async () => {
    const dir = await written(30)
    const [first] = segments(dir)
    const size = readFileSync(first).length
    truncateSync(first, size - recordHeaderBytes - entry(1).length - 2)
    const log = await FileLog.open("t", dir, small)
    await expect(log.read(1, 5)).rejects.toThrow(
      new RegExp(`corrupt segment ${first} at offset \\d+: record of`)
    )
    await log.close()
  })
})

describe("segments and purge", () => {
  it("rolls segments at the size limit and reads across them", async () => {
    const dir = await written(40)
    const files = segments(dir)
    expect(files.length).toBeGreaterThan(4)
    for (const f of files.slice(0, -1)) expect(readFileSync(f).length).toBeGreaterThanOrEqual(1024)
    const log = await FileLog.open("t", dir, small)
    expect(await readAll(log)).toEqual(Array.from({ length: 40 }, (_, i) => text(entry(i + 1))))
    await log.close()
  })

  it("deletes whole segments below the purge point and keeps the point across reopen", async () => {
    const dir = await written(40)
    const before = segments(dir)
    const log = await FileLog.open("t", dir, small)
    await log.purge(20)
    const after = segments(dir)
    expect(after.length).toBeLessThan(before.length)
    const firstKept = Number(after[0].slice(-24, -4))
    expect(firstKept).toBeLessThanOrEqual(21) // the segment holding 21 stays whole
    expect((await log.read(1, 1))[0].seq).toBe(21)
    await log.close()
    const again = await FileLog.open("t", dir, small)
    expect([again.firstSeq, again.lastSeq]).toEqual([21, 40])
    await again.close()
  })
})

describe("one process per directory", () => {
  it("refuses a directory another open log holds, naming the process", async () => {
    const dir = join(root, `log${++n}`)
    const log = await FileLog.open("t", dir)
    await expect(FileLog.open("t", dir)).rejects.toThrow(`is in use by process ${process.pid}`)
    await log.close()
    await log.close() // idempotent; the lock is released once
    const again = await FileLog.open("t", dir)
    await again.close()
  })

  it("takes over a lock left by a process that no longer runs", async () => {
    const dir = await written(2)
    writeFileSync(join(dir, "lock"), "2147483646")
    const log = await FileLog.open("t", dir)
    expect(log.lastSeq).toBe(2)
    await log.close()
  })
})

describe("group commit", () => {
  it("shares one fdatasync among appends that arrive while one runs", async () => {
    const log = await FileLog.open("t", join(root, `log${++n}`))
    const acks = await Promise.all(Array.from({ length: 64 }, (_, i) => log.append([entry(i)])))
    expect(acks.map((a) => a.firstSeq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 64 }, (_, i) => i + 1)
    )
    expect(log.commits).toBeLessThanOrEqual(2) // the first call's, then everyone who queued behind it
    await log.close()
    await expect(log.append([entry(1)])).rejects.toThrow(/log is closed/)
  })

  it("with a sync interval, acknowledges once written and fdatasyncs in the background", async () => {
    const dir = join(root, `log${++n}`)
    const log = await FileLog.open("t", dir, { ...defaultFileLogOptions, syncIntervalMs: 50 })
    for (let i = 0; i < 10; i++) await log.append([entry(i)])
    expect(log.commits).toBe(10)
    expect(log.syncs).toBe(0) // acknowledged before any fdatasync
    await new Promise((r) => setTimeout(r, 150))
    expect(log.syncs).toBe(1) // one for all ten, after the interval
    await log.append([entry(10)])
    await log.close() // the last write is synced on close
    expect(log.syncs).toBe(2)
    const again = await FileLog.open("t", dir)
    expect((await again.read(1, 100)).map((e) => Buffer.from(e.data).toString())).toEqual(
      Array.from({ length: 11 }, (_, i) => Buffer.from(entry(i)).toString())
    )
    await again.close()
  })

  it("ends a caught-up follower with the reason when the log closes", async () => {
    const log = await FileLog.open("t", join(root, `log${++n}`))
    await log.append([entry(1), entry(2)])
    const followed = Effect.runPromiseExit(fileDurableLog(log).follow(1).pipe(Stream.runCollect))
    await new Promise((r) => setTimeout(r, 20))
    await log.close()
    const exit = await followed
    expect(Exit.isFailure(exit) && String(exit.cause)).toMatch(/durable log "t" access failed: log is closed/)
  })

  it("caps one read at readMaxBytes, but returns at least one entry", async () => {
    const log = await FileLog.open("t", join(root, `log${++n}`), {
      ...defaultFileLogOptions,
      readMaxBytes: 1000
    })
    await log.append(Array.from({ length: 20 }, (_, i) => entry(i)))
    await log.append([Buffer.alloc(5000, 1)])
    const got = await log.read(1, 100)
    expect(got.length).toBeGreaterThan(1)
    expect(got.length).toBeLessThan(20)
    expect((await log.read(21, 100)).map((e) => e.data.length)).toEqual([5000])
    await log.close()
  })
})
