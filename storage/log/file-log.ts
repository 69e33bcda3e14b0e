/**
 * The local DurableLog engine, plain TypeScript over node:fs/promises: one directory of segment
 * files (format in format.md), appends group-committed (every call that arrives while a write and
 * fdatasync are running goes into the next one, so throughput grows with concurrency) and
 * acknowledged only after fdatasync, or, with a sync interval, once written (fdatasync in the
 * background; see FileLogOptions.syncIntervalMs). Recovery on open is file-log-open.ts; the Effect service
 * around it is file-durable-log.ts. One process per directory, enforced with a lock file.
 */
import { mkdir, rm } from "node:fs/promises"
import { type AppendAck, type LogEntry, LogEntryTooLargeError, LogUnavailableError } from "./durable-log.ts"
import { createSegment, lockDir, type Segment, syncDir, writeAll, writePurgePoint } from "./file-log-files.ts"
import { recoverLog, type TailRepair } from "./file-log-open.ts"
import { SegmentReader } from "./file-log-read.ts"
import { encodeRecordHeader, encodeSegmentHeader, recordHeaderBytes } from "./log-record.ts"

export interface FileLogOptions {
  /** A new segment starts once the active one reaches this size (one commit may overshoot it). */
  readonly segmentMaxBytes: number
  /** The largest entry accepted. */
  readonly entryMaxBytes: number
  /** One write + fdatasync carries calls up to this many bytes (always at least one call). */
  readonly commitMaxBytes: number
  /** One read() returns at most this many bytes of entries (always at least one entry). */
  readonly readMaxBytes: number
  /** How many recent calls' `dedupId`s are remembered (in memory, since open). */
  readonly dedupWindowCalls: number
  /** Older segments whose handles and record offsets are kept (LRU); the active one always is. */
  readonly openSegmentsMax: number
  /**
   * 0: every append is fdatasync'd before it is acknowledged (survives a power loss). Above 0:
   * appends are acknowledged once written (in the page cache: they survive the process being
   * killed, as Prometheus's WAL does) and fdatasync runs in the background at most this often,
   * bounding what a power loss can take; a failed background fdatasync refuses later appends.
   */
  readonly syncIntervalMs: number
}

export const defaultFileLogOptions: FileLogOptions = {
  segmentMaxBytes: 64 * 1024 * 1024,
  entryMaxBytes: 16 * 1024 * 1024,
  commitMaxBytes: 16 * 1024 * 1024,
  readMaxBytes: 8 * 1024 * 1024,
  dedupWindowCalls: 100_000,
  openSegmentsMax: 4,
  syncIntervalMs: 0
}

interface PendingCall {
  readonly entries: ReadonlyArray<Uint8Array>
  readonly bytes: number
  readonly dedupId: string | undefined
  readonly resolve: (ack: AppendAck) => void
  readonly reject: (e: unknown) => void
}

export class FileLog {
  readonly name: string
  readonly dir: string
  readonly options: FileLogOptions
  /** What open() repaired (torn tail cut, half-created segment removed). */
  readonly repairs: ReadonlyArray<TailRepair>
  private readonly segments: Segment[]
  private purgedUpTo: number
  private queue: PendingCall[] = []
  private committing: Promise<void> | undefined
  private purging: Promise<void> = Promise.resolve()
  private failure: LogUnavailableError | undefined
  private readonly acked = new Map<string, AppendAck>()
  private readonly inFlight = new Map<string, Promise<AppendAck>>()
  private readonly reader: SegmentReader
  private readonly unlock: () => Promise<void>
  private closing: Promise<void> | undefined
  private readonly waiters = new Set<() => void>()
  /** Write + fdatasync rounds done (appends per commit = group-commit factor); for metrics and tests. */
  commits = 0
  /** fdatasync calls made for appends (per commit, or in the background with a sync interval). */
  syncs = 0
  private syncTimer: ReturnType<typeof setTimeout> | undefined
  private syncing: Promise<void> = Promise.resolve()
  /** Written but not yet fdatasync'd (with a sync interval). */
  private dirty = false

  private constructor(
    name: string,
    dir: string,
    options: FileLogOptions,
    r: Awaited<ReturnType<typeof recoverLog>>,
    unlock: () => Promise<void>
  ) {
    this.unlock = unlock
    this.reader = new SegmentReader(name, options.openSegmentsMax, (seg) => seg === this.active)
    this.name = name
    this.dir = dir
    this.options = options
    this.segments = r.segments
    this.purgedUpTo = r.purgedUpTo
    this.repairs = r.repairs
  }

  /** Opens (creating if needed) the log in `dir`; rejects with LogCorruptError or an I/O error. */
  static async open(
    name: string,
    dir: string,
    options: FileLogOptions = defaultFileLogOptions
  ): Promise<FileLog> {
    await mkdir(dir, { recursive: true })
    const unlock = await lockDir(dir).catch((cause) => {
      throw new LogUnavailableError({ log: name, op: "open", cause })
    })
    try {
      return new FileLog(name, dir, options, await recoverLog(name, dir), unlock)
    } catch (e) {
      await unlock()
      throw e
    }
  }

  /** Why appends are refused (closed, or a failed write or fdatasync), if they are. */
  get failed(): LogUnavailableError | undefined {
    return this.failure
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]
  }

  get firstSeq(): number {
    return Math.max(this.purgedUpTo + 1, this.segments[0].firstSeq)
  }

  /** The last acknowledged sequence. */
  get lastSeq(): number {
    return this.active.firstSeq + this.active.count - 1
  }

  /**
   * Resolves once every entry is written and fdatasync'd, with their sequences. The entries'
   * bytes are written as given: do not change them before the promise settles.
   */
  append(entries: ReadonlyArray<Uint8Array>, dedupId?: string): Promise<AppendAck> {
    if (this.failure) return Promise.reject(this.failure)
    let bytes = 0
    for (let i = 0; i < entries.length; i++) {
      const size = entries[i].length
      if (size > this.options.entryMaxBytes)
        return Promise.reject(
          new LogEntryTooLargeError({
            log: this.name,
            index: i,
            sizeBytes: size,
            limitBytes: this.options.entryMaxBytes
          })
        )
      bytes += recordHeaderBytes + size
    }
    if (entries.length === 0) return Promise.resolve({ firstSeq: this.lastSeq + 1, lastSeq: this.lastSeq })
    if (dedupId !== undefined) {
      const seen = this.acked.get(dedupId) ?? this.inFlight.get(dedupId)
      if (seen) return Promise.resolve(seen)
    }
    const p = new Promise<AppendAck>((resolve, reject) => {
      this.queue.push({ entries, bytes, dedupId, resolve, reject })
    })
    if (dedupId !== undefined) {
      this.inFlight.set(dedupId, p)
      p.then(
        (ack) => this.remember(dedupId, ack),
        () => this.inFlight.delete(dedupId)
      )
    }
    this.committing ??= this.commitLoop()
    return p
  }

  private remember(dedupId: string, ack: AppendAck): void {
    this.inFlight.delete(dedupId)
    this.acked.set(dedupId, ack)
    if (this.acked.size > this.options.dedupWindowCalls)
      this.acked.delete(this.acked.keys().next().value as string)
  }

  private async commitLoop(): Promise<void> {
    while (this.queue.length > 0) {
      let bytes = 0
      let n = 0
      while (n < this.queue.length && (n === 0 || bytes + this.queue[n].bytes <= this.options.commitMaxBytes))
        bytes += this.queue[n++].bytes
      const batch = this.queue.slice(0, n)
      this.queue = this.queue.slice(n)
      try {
        await this.commit(batch)
      } catch (cause) {
        // After a failed write or fdatasync the file's state is unknown (the kernel may have
        // dropped the dirty pages): no later append may be acknowledged. Reopen to recover.
        this.failure = new LogUnavailableError({ log: this.name, op: "append", cause })
        for (const c of [...batch, ...this.queue]) c.reject(this.failure)
        this.queue = []
        this.wake()
      }
    }
    this.committing = undefined
  }

  /** One write of every record of `batch`, one fdatasync, then the acks. */
  private async commit(batch: PendingCall[]): Promise<void> {
    if (this.active.size >= this.options.segmentMaxBytes) await this.roll()
    const seg = this.active
    let entries = 0
    for (const c of batch) entries += c.entries.length
    const headers = Buffer.allocUnsafe(entries * recordHeaderBytes)
    const buffers: Uint8Array[] = []
    const offsets: number[] = []
    const acks: AppendAck[] = []
    let seq = seg.firstSeq + seg.count
    let pos = seg.size
    let h = 0
    for (const c of batch) {
      const firstSeq = seq
      for (const data of c.entries) {
        encodeRecordHeader(headers, h, seq++, data)
        buffers.push(headers.subarray(h, h + recordHeaderBytes), data)
        offsets.push(pos)
        pos += recordHeaderBytes + data.length
        h += recordHeaderBytes
      }
      acks.push({ firstSeq, lastSeq: seq - 1 })
    }
    const fh = seg.handle
    if (!fh) throw new Error("the active segment has no open handle")
    await writeAll(fh, buffers, seg.size, this.options.syncIntervalMs > 0)
    if (this.options.syncIntervalMs > 0) this.syncSoon()
    else {
      await fh.datasync()
      this.syncs++
    }
    this.commits++
    for (const o of offsets) seg.offsets?.push(o)
    seg.count += offsets.length
    seg.size = pos
    for (let i = 0; i < batch.length; i++) batch[i].resolve(acks[i])
    this.wake()
  }

  private wake(): void {
    const waiting = [...this.waiters]
    this.waiters.clear()
    for (const w of waiting) w()
  }

  /**
   * Calls `wake` once an entry at or above `seq` is acknowledged, or the log closes or fails
   * (at once if already so). Returns the function that cancels the wait.
   */
  onAppend(seq: number, wake: () => void): () => void {
    if (this.lastSeq >= seq || this.failure) {
      wake()
      return () => {}
    }
    const w = () => {
      if (this.lastSeq >= seq || this.failure) wake()
      else this.waiters.add(w)
    }
    this.waiters.add(w)
    return () => this.waiters.delete(w)
  }

  /** With a sync interval: one background fdatasync of the active segment within the interval. */
  private syncSoon(): void {
    this.dirty = true
    if (this.syncTimer !== undefined) return
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined
      this.syncing = this.syncing.then(() => this.syncNow())
    }, this.options.syncIntervalMs)
    this.syncTimer.unref()
  }

  private async syncNow(): Promise<void> {
    if (!this.dirty) return
    this.dirty = false
    try {
      await this.active.handle?.datasync()
      this.syncs++
    } catch (cause) {
      this.failure ??= new LogUnavailableError({ log: this.name, op: "append", cause })
      this.wake()
    }
  }

  /** Starts a new active segment; the old one stays open for reads as the most recently used. */
  private async roll(): Promise<void> {
    const firstSeq = this.lastSeq + 1
    const old = this.active
    if (this.dirty) {
      await old.handle?.datasync()
      this.syncs++
      this.dirty = false
    }
    this.segments.push(await createSegment(this.dir, firstSeq, encodeSegmentHeader(firstSeq)))
    this.reader.touch(old)
  }

  /** Entries from max(fromSeq, firstSeq), consecutive, at most maxEntries and about readMaxBytes. */
  async read(fromSeq: number, maxEntries: number): Promise<LogEntry[]> {
    if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(maxEntries))
      throw new Error(`read(${fromSeq}, ${maxEntries}): both must be integers`)
    const out: LogEntry[] = []
    let seq = Math.max(fromSeq, this.firstSeq)
    let budget = this.options.readMaxBytes
    while (out.length < maxEntries && seq <= this.lastSeq && (out.length === 0 || budget > 0)) {
      const seg = this.segmentOf(seq)
      const got = await this.reader.read(
        seg,
        seq - seg.firstSeq,
        maxEntries - out.length,
        budget,
        out.length === 0
      )
      if (got.length === 0) break
      for (const e of got) {
        out.push(e)
        budget -= recordHeaderBytes + e.data.length
      }
      seq = got[got.length - 1].seq + 1
    }
    return out
  }

  private segmentOf(seq: number): Segment {
    let lo = 0
    let hi = this.segments.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.segments[mid].firstSeq <= seq) lo = mid
      else hi = mid - 1
    }
    return this.segments[lo]
  }

  /** Drops entries ≤ upToSeq (clamped to lastSeq): the point is recorded, whole segments deleted. */
  purge(upToSeq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    const run = this.purging.then(async () => {
      const target = Math.min(upToSeq, this.lastSeq)
      if (target <= this.purgedUpTo) return
      await writePurgePoint(this.dir, target)
      this.purgedUpTo = target
      let removed = false
      while (this.segments.length > 1 && this.segments[0].firstSeq + this.segments[0].count - 1 <= target) {
        const seg = this.segments.shift() as Segment
        await this.reader.forget(seg)
        await rm(seg.path, { force: true })
        removed = true
      }
      if (removed) await syncDir(this.dir)
    })
    this.purging = run.catch(() => undefined)
    return run
  }

  /** Waits for appends already accepted, then closes every file. Later calls fail. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce()
    return this.closing
  }

  private async closeOnce(): Promise<void> {
    while (this.committing) await this.committing
    await this.purging
    clearTimeout(this.syncTimer)
    this.syncTimer = undefined
    this.syncing = this.syncing.then(() => this.syncNow())
    await this.syncing
    this.failure ??= new LogUnavailableError({
      log: this.name,
      op: "access",
      cause: new Error("log is closed")
    })
    this.wake()
    for (const seg of this.segments) await this.reader.close(seg)
    await this.unlock()
  }
}
