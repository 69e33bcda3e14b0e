/**
 * Random-access reads of a file's bytes (a local file today, an object-store range reader later):
 * the block reader only ever asks for ranges, never for a whole file. Counts what it read.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs"

export interface ByteSource {
  readonly name: string
  readonly size: number
  read(offset: number, length: number): Uint8Array
  close(): void
  /** Bytes read so far, for tests and metrics. */
  readonly bytesRead: number
}

export class FileByteSource implements ByteSource {
  readonly name: string
  readonly size: number
  bytesRead = 0
  private readonly fd: number
  constructor(path: string) {
    this.name = path
    this.fd = openSync(path, "r")
    this.size = fstatSync(this.fd).size
  }
  read(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, this.size - offset))
    const buf = Buffer.allocUnsafe(n)
    let got = 0
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, offset + got)
      if (r === 0) break
      got += r
    }
    this.bytesRead += got
    return buf.subarray(0, got)
  }
  close(): void {
    closeSync(this.fd)
  }
}
