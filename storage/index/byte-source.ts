/**
 * Random access to one file's bytes by range: a local file today, an object-store object later.
 * Index and chunk readers only ever ask for ranges, never for the whole file. Sources that can
 * also read synchronously (local files, memory) implement SyncByteSource. It does not cache.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs"

export interface ByteSource {
  /** Shown in errors: the file path or object key. */
  readonly name: string
  readonly size: number
  /**
   * Bytes [offset, offset + length), clipped to the end of the file: a shorter result means the
   * file ended, which the caller reports as truncation.
   */
  read(offset: number, length: number): Promise<Uint8Array>
  close(): Promise<void>
}

export interface SyncByteSource extends ByteSource {
  readSync(offset: number, length: number): Uint8Array
}

/** A local file read with positional reads (no mmap, no whole-file buffer). */
export class FileByteSource implements SyncByteSource {
  readonly name: string
  readonly size: number
  private fd: number

  constructor(path: string) {
    this.name = path
    this.fd = openSync(path, "r")
    this.size = fstatSync(this.fd).size
  }

  readSync(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, this.size - offset))
    const buf = new Uint8Array(n)
    let got = 0
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, offset + got)
      if (r === 0) break
      got += r
    }
    return got === n ? buf : buf.subarray(0, got)
  }

  // Synchronous positional reads: small ranges from a local disk finish faster than a promise
  // round trip through the thread pool would.
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

/** Bytes already in memory (tests, and objects fetched whole). */
export class MemoryByteSource implements SyncByteSource {
  readonly name: string
  readonly size: number
  private readonly bytes: Uint8Array
  constructor(name: string, bytes: Uint8Array) {
    this.name = name
    this.bytes = bytes
    this.size = bytes.length
  }
  readSync(offset: number, length: number): Uint8Array {
    return this.bytes.subarray(Math.min(offset, this.size), Math.min(offset + length, this.size))
  }
  read(offset: number, length: number): Promise<Uint8Array> {
    return Promise.resolve(this.readSync(offset, length))
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}

/** Wraps a source and counts what passes through it: bytes and requests, for tests and metrics. */
export class CountingByteSource implements SyncByteSource {
  readonly inner: SyncByteSource
  bytesRead = 0
  reads = 0
  constructor(inner: SyncByteSource) {
    this.inner = inner
  }
  get name(): string {
    return this.inner.name
  }
  get size(): number {
    return this.inner.size
  }
  readSync(offset: number, length: number): Uint8Array {
    const b = this.inner.readSync(offset, length)
    this.bytesRead += b.length
    this.reads++
    return b
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const b = await this.inner.read(offset, length)
    this.bytesRead += b.length
    this.reads++
    return b
  }
  close(): Promise<void> {
    return this.inner.close()
  }
}
