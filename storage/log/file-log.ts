/**
 * The local DurableLog: segment files `<first seq, 20 digits>.log` of records
 * `BE32 length | BE32 CRC-32C(data) | data`, appended through one file handle and acknowledged
 * after fdatasync. Appends that arrive while a sync is running are grouped into the next one
 * (group commit). On open, a torn or corrupt tail of the last segment is truncated (and
 * reported); corruption anywhere else is an error naming the file and offset.
 */
import {
  closeSync,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writevSync
} from "node:fs"
import { join } from "node:path"
import { crc32c } from "../chunks/crc32c.ts"
import type { LogEntry } from "./durable-log.ts"

export interface FileLogOptions {
  /** A segment is closed once it passes this size. */
  readonly segmentMaxBytes: number
  /** Refuse single entries larger than this. */
  readonly entryMaxBytes: number
}

export const defaultFileLogOptions: FileLogOptions = {
  segmentMaxBytes: 64 * 1024 * 1024,
  entryMaxBytes: 64 * 1024 * 1024
}

export class LogCorruptError extends Error {}

interface Segment {
  readonly firstSeq: number
  readonly path: string
  /** Byte offset of each record. */
  readonly offsets: number[]
  size: number
}

const segmentName = (seq: number) => `${String(seq).padStart(20, "0")}.log`

export interface TailRepair {
  readonly file: string
  readonly offset: number
  readonly reason: string
}

/** Reads a segment's record offsets; a bad record ends the scan with `bad` set. */
const scan = (path: string): { offsets: number[]; validBytes: number; bad?: string } => {
  const buf = readFileSync(path)
  const offsets: number[] = []
  let pos = 0
  while (pos < buf.length) {
    if (pos + 8 > buf.length) return { offsets, validBytes: pos, bad: "torn record header" }
    const len = buf.readUInt32BE(pos)
    const crc = buf.readUInt32BE(pos + 4)
    if (pos + 8 + len > buf.length) return { offsets, validBytes: pos, bad: `torn record of ${len} bytes` }
    if (crc32c(buf, pos + 8, pos + 8 + len) !== crc) return { offsets, validBytes: pos, bad: "CRC mismatch" }
    offsets.push(pos)
    pos += 8 + len
  }
  return { offsets, validBytes: pos }
}

export class FileLog {
  readonly dir: string
  readonly options: FileLogOptions
  private segments: Segment[] = []
  private fd = -1
  private nextSeq = 1
  private purgedUpTo = 0
  private pending: Array<{
    data: Uint8Array[]
    resolve: (r: { firstSeq: number; lastSeq: number }) => void
    reject: (e: Error) => void
  }> = []
  private flushing = false
  private closed = false
  /** Set when open() had to cut a torn tail. */
  readonly repairs: TailRepair[] = []

  constructor(dir: string, options: FileLogOptions = defaultFileLogOptions) {
    this.dir = dir
    this.options = options
    mkdirSync(dir, { recursive: true })
    const purged = join(dir, "purged")
    if (existsSync(purged)) this.purgedUpTo = Number(readFileSync(purged, "utf8").trim()) || 0
    const names = readdirSync(dir)
      .filter((n) => /^\d{20}\.log$/.test(n))
      .sort()
    names.forEach((name, i) => {
      const path = join(dir, name)
      const r = scan(path)
      const last = i === names.length - 1
      if (r.bad) {
        if (!last)
          throw new LogCorruptError(`corrupt log segment ${path} at offset ${r.validBytes}: ${r.bad}`)
        const fd = openSync(path, "r+")
        ftruncateSync(fd, r.validBytes)
        closeSync(fd)
        this.repairs.push({ file: path, offset: r.validBytes, reason: r.bad })
      }
      this.segments.push({
        firstSeq: Number(name.slice(0, 20)),
        path,
        offsets: r.offsets,
        size: r.validBytes
      })
    })
    const lastSeg = this.segments[this.segments.length - 1]
    this.nextSeq = lastSeg ? lastSeg.firstSeq + lastSeg.offsets.length : this.purgedUpTo + 1
    if (!lastSeg) this.openSegment(this.nextSeq)
    else this.fd = openSync(lastSeg.path, "a")
  }

  private openSegment(firstSeq: number): void {
    if (this.fd >= 0) closeSync(this.fd)
    const path = join(this.dir, segmentName(firstSeq))
    this.fd = openSync(path, "a")
    this.segments.push({ firstSeq, path, offsets: [], size: fstatSync(this.fd).size })
  }

  get firstSeq(): number {
    const s = this.segments[0]
    return Math.max(this.purgedUpTo + 1, s ? s.firstSeq : this.nextSeq)
  }

  get lastSeq(): number {
    return this.nextSeq - 1
  }

  /** Resolves once the entries are on disk (fdatasync), with their sequences. */
  append(entries: ReadonlyArray<Uint8Array>): Promise<{ firstSeq: number; lastSeq: number }> {
    if (this.closed) return Promise.reject(new Error("log is closed"))
    for (const e of entries) {
      if (e.length > this.options.entryMaxBytes) {
        return Promise.reject(
          new Error(`entry of ${e.length} bytes exceeds the limit of ${this.options.entryMaxBytes}`)
        )
      }
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ data: [...entries], resolve, reject })
      if (!this.flushing) this.flush()
    })
  }

  /** Writes everything pending with one writev and one fdatasync, then repeats while more came. */
  private flush(): void {
    const batch = this.pending
    this.pending = []
    if (batch.length === 0) {
      this.flushing = false
      return
    }
    this.flushing = true
    const seg = this.segments[this.segments.length - 1]
    const buffers: Uint8Array[] = []
    const results: Array<{ firstSeq: number; lastSeq: number }> = []
    try {
      for (const b of batch) {
        const firstSeq = this.nextSeq
        for (const data of b.data) {
          const header = Buffer.allocUnsafe(8)
          header.writeUInt32BE(data.length, 0)
          header.writeUInt32BE(crc32c(data), 4)
          buffers.push(header, data)
          seg.offsets.push(seg.size)
          seg.size += 8 + data.length
          this.nextSeq++
        }
        results.push({ firstSeq, lastSeq: this.nextSeq - 1 })
      }
      for (let i = 0; i < buffers.length; i += 1024) writevSync(this.fd, buffers.slice(i, i + 1024))
    } catch (e) {
      for (const b of batch) b.reject(e as Error)
      this.flushing = false
      return
    }
    fdatasync(this.fd, (err) => {
      batch.forEach((b, i) => (err ? b.reject(err) : b.resolve(results[i])))
      if (!err && seg.size >= this.options.segmentMaxBytes) this.openSegment(this.nextSeq)
      this.flush()
    })
  }

  read(fromSeq: number, maxEntries: number): LogEntry[] {
    const out: LogEntry[] = []
    let seq = Math.max(fromSeq, this.firstSeq)
    while (out.length < maxEntries && seq < this.nextSeq) {
      const seg = [...this.segments].reverse().find((s) => s.firstSeq <= seq)
      if (!seg) break
      const idx = seq - seg.firstSeq
      if (idx >= seg.offsets.length) break
      const fd = openSync(seg.path, "r")
      try {
        for (let i = idx; i < seg.offsets.length && out.length < maxEntries; i++) {
          const head = Buffer.allocUnsafe(8)
          readSync(fd, head, 0, 8, seg.offsets[i])
          const len = head.readUInt32BE(0)
          const data = Buffer.allocUnsafe(len)
          readSync(fd, data, 0, len, seg.offsets[i] + 8)
          if (crc32c(data) !== head.readUInt32BE(4)) {
            throw new LogCorruptError(
              `corrupt log segment ${seg.path} at offset ${seg.offsets[i]}: CRC mismatch`
            )
          }
          out.push({ seq: seg.firstSeq + i, data })
          seq = seg.firstSeq + i + 1
        }
      } finally {
        closeSync(fd)
      }
    }
    return out
  }

  /** Drops entries ≤ upToSeq: whole segments below it are deleted, the purge point kept durably. */
  purge(upToSeq: number): void {
    if (upToSeq <= this.purgedUpTo) return
    this.purgedUpTo = Math.min(upToSeq, this.lastSeq)
    const tmp = join(this.dir, "purged.tmp")
    writeFileSync(tmp, String(this.purgedUpTo))
    const fd = openSync(tmp, "r")
    fdatasyncSync(fd)
    closeSync(fd)
    renameSync(tmp, join(this.dir, "purged"))
    while (this.segments.length > 1) {
      const next = this.segments[1]
      if (next.firstSeq - 1 > this.purgedUpTo) break
      rmSync(this.segments[0].path, { force: true })
      this.segments.shift()
    }
  }

  close(): void {
    this.closed = true
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }
}
