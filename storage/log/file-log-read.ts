/**
 * Reading the file log's segments: one positioned read per run of records, every record checked
 * again (CRC and seq) before it is returned. Older segments are opened and scanned on first use
 * and kept in a small LRU (handles and record offsets); the active segment is always open. It
 * does not know which seqs are acknowledged: file-log.ts passes only committed ranges.
 */
import { open } from "node:fs/promises"
import { LogCorruptError, type LogEntry } from "./durable-log.ts"
import { readExactly, type Segment } from "./file-log-files.ts"
import { checkRecord, recordHeaderBytes, scanSegment } from "./log-record.ts"

export class SegmentReader {
  private readonly log: string
  private readonly openSegmentsMax: number
  private readonly isActive: (seg: Segment) => boolean
  /** Older segments with an open handle, least recently used first. */
  private readonly recent: Segment[] = []

  constructor(log: string, openSegmentsMax: number, isActive: (seg: Segment) => boolean) {
    this.log = log
    this.openSegmentsMax = openSegmentsMax
    this.isActive = isActive
  }

  /**
   * Records from index `from` of `seg`: at most `max`, ending within `budget` bytes (but at least
   * one when `atLeastOne`). Damage is a LogCorruptError naming the file and the record's offset.
   */
  async read(
    seg: Segment,
    from: number,
    max: number,
    budget: number,
    atLeastOne: boolean
  ): Promise<LogEntry[]> {
    seg.readers++
    try {
      const offsets = await this.load(seg)
      const end = Math.min(seg.count, from + max)
      const start = offsets[from]
      const endByte = (i: number) => (i + 1 < seg.count ? offsets[i + 1] : seg.size)
      let to = from
      while (to < end && (endByte(to) - start <= budget || (atLeastOne && to === from))) to++
      if (to === from) return []
      const b = await readExactly(
        seg.handle as NonNullable<Segment["handle"]>,
        endByte(to - 1) - start,
        start
      )
      const out: LogEntry[] = []
      for (let i = from; i < to; i++) {
        const at = offsets[i] - start
        const r = checkRecord(b, at, seg.firstSeq + i)
        if (typeof r === "string")
          throw new LogCorruptError({ log: this.log, file: seg.path, offset: offsets[i], reason: r })
        out.push({ seq: seg.firstSeq + i, data: b.subarray(at + recordHeaderBytes, at + r) })
      }
      return out
    } finally {
      seg.readers--
      const evicted = !this.isActive(seg) && !this.recent.includes(seg)
      if (seg.readers === 0 && (seg.removed || evicted)) await this.close(seg)
    }
  }

  /** The segment's record offsets, opening and scanning an older segment on first use. */
  private async load(seg: Segment): Promise<number[]> {
    if (!this.isActive(seg)) this.touch(seg)
    if (!seg.handle) {
      const fh = await open(seg.path, "r")
      if (seg.handle)
        await fh.close() // another read opened it meanwhile
      else seg.handle = fh
    }
    if (!seg.offsets) {
      const scan = scanSegment(
        await readExactly(seg.handle as NonNullable<Segment["handle"]>, seg.size, 0),
        seg.firstSeq
      )
      const corrupt = (offset: number, reason: string) =>
        new LogCorruptError({ log: this.log, file: seg.path, offset, reason })
      if (scan.damage) throw corrupt(scan.damage.offset, scan.damage.reason)
      if (scan.offsets.length !== seg.count)
        throw corrupt(
          scan.validBytes,
          `segment holds ${scan.offsets.length} records, the next segment's name implies ${seg.count}`
        )
      seg.offsets = scan.offsets
    }
    return seg.offsets
  }

  /** Marks an older segment most recently used; closes the least recently used beyond the limit. */
  touch(seg: Segment): void {
    const i = this.recent.indexOf(seg)
    if (i >= 0) this.recent.splice(i, 1)
    this.recent.push(seg)
    while (this.recent.length > this.openSegmentsMax) {
      const old = this.recent.shift() as Segment
      if (old.readers === 0) void this.close(old) // else its last reader closes it
    }
  }

  /** A purged segment: closed now, or by its last reader. */
  async forget(seg: Segment): Promise<void> {
    seg.removed = true
    const i = this.recent.indexOf(seg)
    if (i >= 0) this.recent.splice(i, 1)
    if (seg.readers === 0) await this.close(seg)
  }

  /** Closes the handle; an older segment also drops its offsets (rescanned on next use). */
  async close(seg: Segment): Promise<void> {
    const fh = seg.handle
    seg.handle = undefined
    if (!this.isActive(seg)) seg.offsets = undefined
    await fh?.close()
  }
}
