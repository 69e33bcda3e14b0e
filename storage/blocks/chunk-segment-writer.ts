/**
 * Writes a block's `chunks/000001`, `000002`… segment files (tsdb-block-format.md §4): the 8-byte
 * header, then records `uvarint len | encoding | data | CRC-32C`, starting a new segment when the
 * next record would pass the size limit (a record bigger than the limit still goes in whole).
 * Returns each chunk's reference. Buffers writes; `finish` fsyncs and closes. It does not encode
 * samples and does not rename anything (the block writer owns atomicity).
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs"
import { join } from "node:path"
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { segmentHeader, segmentHeaderBytes } from "../chunks/chunk-segment.ts"

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
  /** Records are encoded straight into this buffer (no allocation per chunk) and written in bulk. */
  private buf = new Uint8Array(flushBytes + (64 << 10))
  private used = 0
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
    const n = data.length
    const lenBytes = n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5
    const recordBytes = lenBytes + 1 + n + 4
    if (this.fd < 0 || (this.size > segmentHeaderBytes && this.size + recordBytes > this.bytesMax))
      this.next()
    const ref = this.position * 2 ** 32 + this.size
    if (this.used + recordBytes > this.buf.length) {
      this.flush()
      if (recordBytes > this.buf.length) this.buf = new Uint8Array(recordBytes)
    }
    const b = this.buf
    let p = this.used
    let v = n
    while (v >= 0x80) {
      b[p++] = (v & 0x7f) | 0x80
      v = Math.floor(v / 128)
    }
    b[p++] = v
    const crcFrom = p
    b[p++] = encoding
    b.set(data, p)
    p += n
    const crc = crc32c(b, crcFrom, p)
    b[p] = crc >>> 24
    b[p + 1] = (crc >>> 16) & 0xff
    b[p + 2] = (crc >>> 8) & 0xff
    b[p + 3] = crc & 0xff
    this.used = p + 4
    this.size += recordBytes
    if (this.used >= flushBytes) this.flush()
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
    const header = segmentHeader()
    this.buf.set(header, this.used)
    this.used += header.length
    this.size = header.length
  }

  private flush(): void {
    let done = 0
    while (done < this.used) done += writeSync(this.fd, this.buf, done, this.used - done)
    this.used = 0
  }
}
