/**
 * A local file as a SyncByteSource that reads ahead in large windows, for compaction's mostly
 * sequential walk through chunk segments: a range inside the current window is a view into it (no
 * system call); any other range loads a new window starting there. Windows are fresh buffers, so a
 * returned view stays valid after the window moves. Not for random access (storage/index's
 * FileByteSource is).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs"
import type { SyncByteSource } from "../index/byte-source.ts"

export const defaultWindowBytes = 4 * 1024 * 1024

export class WindowedFileSource implements SyncByteSource {
  readonly name: string
  readonly size: number
  private fd: number
  private readonly windowBytes: number
  private window = new Uint8Array(0)
  private windowStart = 0

  constructor(path: string, windowBytes = defaultWindowBytes) {
    this.name = path
    this.windowBytes = windowBytes
    this.fd = openSync(path, "r")
    this.size = fstatSync(this.fd).size
  }

  readSync(offset: number, length: number): Uint8Array {
    const end = Math.min(offset + length, this.size)
    if (offset >= this.windowStart && end <= this.windowStart + this.window.length)
      return this.window.subarray(offset - this.windowStart, end - this.windowStart)
    const n = Math.max(0, Math.min(Math.max(length, this.windowBytes), this.size - offset))
    const buf = new Uint8Array(n)
    let got = 0
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, offset + got)
      if (r === 0) break
      got += r
    }
    this.window = got === n ? buf : buf.subarray(0, got)
    this.windowStart = offset
    return this.window.subarray(0, Math.min(length, this.window.length))
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    try {
      return Promise.resolve(this.readSync(offset, length))
    } catch (e) {
      return Promise.reject(e)
    }
  }

  closeSync(): void {
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }

  close(): Promise<void> {
    this.closeSync()
    return Promise.resolve()
  }
}
