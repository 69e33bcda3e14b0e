/**
 * Writes a block's `chunks/000001`, `000002`… segment files (tsdb-block-format.md §4): the 8-byte
 * header, then records `uvarint len | encoding | data | CRC-32C`, starting a new segment when the
 * next record would pass the size limit (a record bigger than the limit still goes in whole).
 * Returns each chunk's reference. Buffers writes; `finish` fsyncs and closes. It does not encode
 * samples and does not rename anything (the block writer owns atomicity).
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs"
import { join } from "node:path"
import { encodeChunkRecord, segmentHeader, segmentHeaderBytes } from "../chunks/chunk-segment.ts"

/** Prometheus's default segment size limit. */
export const segmentBytesMax = 512 * 1024 * 1024

const flushBytes = 1 << 20

/** `000001` for the first segment: names are 1-based, refs use the 0-based position. */
export const segmentFileName = (position: number): string => String(position + 1).padStart(6, "0")

export class ChunkSegmentWriter {
  readonly dir: string
  private readonly bytesMax: number
  private readonly durable: boolean
  private fd = -1
  private position = -1
  private size = 0
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  /** Paths of the segments written so far. */
  readonly files: string[] = []

  /** `dir` is the block's `chunks/` directory, which must exist. */
  constructor(dir: string, options: { readonly segmentBytesMax?: number; readonly durable?: boolean } = {}) {
    this.dir = dir
    this.bytesMax = options.segmentBytesMax ?? segmentBytesMax
    this.durable = options.durable ?? true
  }

  /** Appends one chunk (data = the encoding's bytes, count header included); returns its ref. */
  write(encoding: number, data: Uint8Array): number {
    const record = encodeChunkRecord(encoding, data)
    if (this.fd < 0 || (this.size > segmentHeaderBytes && this.size + record.length > this.bytesMax))
      this.next()
    const ref = this.position * 2 ** 32 + this.size
    this.pending.push(record)
    this.pendingBytes += record.length
    this.size += record.length
    if (this.pendingBytes >= flushBytes) this.flush()
    return ref
  }

  /** Flushes, fsyncs (when durable) and closes the current segment. */
  finish(): void {
    if (this.fd < 0) return
    this.flush()
    if (this.durable) fsyncSync(this.fd)
    closeSync(this.fd)
    this.fd = -1
  }

  private next(): void {
    this.finish()
    this.position++
    const path = join(this.dir, segmentFileName(this.position))
    this.files.push(path)
    this.fd = openSync(path, "wx")
    this.size = 0
    const header = segmentHeader()
    this.pending.push(header)
    this.pendingBytes += header.length
    this.size += header.length
  }

  private flush(): void {
    if (this.pendingBytes === 0) return
    const all = new Uint8Array(this.pendingBytes)
    let p = 0
    for (const b of this.pending) {
      all.set(b, p)
      p += b.length
    }
    let done = 0
    while (done < all.length) done += writeSync(this.fd, all, done, all.length - done)
    this.pending = []
    this.pendingBytes = 0
  }
}
