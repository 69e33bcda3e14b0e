/**
 * The file log's files and the few I/O steps it repeats: segment names, the purge-point file
 * (written atomically: temp file, fdatasync, rename, directory fsync), whole-buffer writes and
 * reads on a FileHandle. No policy: file-log.ts and file-log-open.ts decide when to call these.
 */
import { writevSync } from "node:fs"
import type { FileHandle } from "node:fs/promises"
import { open, readFile, rename, rm } from "node:fs/promises"
import { join } from "node:path"
import { crc32c } from "../../protocols/encoding/crc32c.ts"

/** `<first seq, 20 digits>.seg`, so names sort in sequence order. */
export const segmentFileName = (firstSeq: number) => `${String(firstSeq).padStart(20, "0")}.seg`
export const segmentFilePattern = /^(\d{20})\.seg$/
/** Segments of the first, unversioned format (`.log`, CRC over data only); refused, not read. */
export const legacySegmentFilePattern = /^\d{20}\.log$/
export const purgePointFileName = "purge-point"
export const lockFileName = "lock"

/** One segment file as the log tracks it. Only acknowledged (fsynced) records are counted. */
export interface Segment {
  readonly firstSeq: number
  readonly path: string
  /** Acknowledged records in the segment. */
  count: number
  /** Bytes up to the end of the last acknowledged record (header included). */
  size: number
  /** Byte offset of each record; undefined until an older segment is first read (then scanned). */
  offsets: number[] | undefined
  /** Open handle (the active segment's is the writer's), opened on demand for older ones. */
  handle: FileHandle | undefined
  /** Reads in progress on `handle`; it is closed only when this is 0. */
  readers: number
  /** Purged: close the handle once the last reader is done. */
  removed: boolean
}

/** Makes a directory's entries (a new or renamed file) durable. */
export const syncDir = async (dir: string): Promise<void> => {
  const d = await open(dir, "r")
  try {
    await d.sync()
  } finally {
    await d.close()
  }
}

/**
 * writev until every byte is written (a short write continues where it stopped). `blocking`: on
 * this thread (writing into the page cache takes microseconds; a thread-pool round trip per
 * commit costs more when no fdatasync follows).
 */
export const writeAll = async (
  fh: FileHandle,
  buffers: Uint8Array[],
  position: number,
  blocking = false
): Promise<void> => {
  let total = 0
  for (const b of buffers) total += b.length
  let done = 0
  while (done < total) {
    const rest = done === 0 ? buffers : trimmed(buffers, done)
    const bytesWritten = blocking
      ? writevSync(fh.fd, rest, position + done)
      : (await fh.writev(rest, position + done)).bytesWritten
    if (bytesWritten === 0) throw new Error(`write made no progress at offset ${position + done}`)
    done += bytesWritten
  }
}

const trimmed = (buffers: Uint8Array[], skip: number): Uint8Array[] => {
  const out: Uint8Array[] = []
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length
      continue
    }
    out.push(skip > 0 ? b.subarray(skip) : b)
    skip = 0
  }
  return out
}

/** Reads exactly `length` bytes at `position`; fewer bytes in the file is an error. */
export const readExactly = async (fh: FileHandle, length: number, position: number): Promise<Buffer> => {
  const b = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await fh.read(b, done, length - done, position + done)
    if (bytesRead === 0)
      throw new Error(`file ends at ${position + done}, expected ${length} bytes from ${position}`)
    done += bytesRead
  }
  return b
}

/** The durable purge point (0 when never purged), or why the file is unreadable. */
export const readPurgePoint = async (dir: string): Promise<number | string> => {
  let b: Buffer
  try {
    b = await readFile(join(dir, purgePointFileName))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0
    throw e
  }
  if (b.length !== 12) return `purge point file is ${b.length} bytes, expected 12`
  if (crc32c(b, 0, 8) !== b.readUInt32BE(8)) return "purge point checksum mismatch"
  return b.readUInt32BE(0) * 2 ** 32 + b.readUInt32BE(4)
}

/** `u64 seq | CRC-32C`, replacing the previous file atomically. */
export const writePurgePoint = async (dir: string, seq: number): Promise<void> => {
  const b = Buffer.alloc(12)
  b.writeUInt32BE(Math.floor(seq / 2 ** 32), 0)
  b.writeUInt32BE(seq >>> 0, 4)
  b.writeUInt32BE(crc32c(b, 0, 8), 8)
  const tmp = join(dir, `${purgePointFileName}.tmp`)
  const fh = await open(tmp, "w")
  try {
    await writeAll(fh, [b], 0)
    await fh.datasync()
  } finally {
    await fh.close()
  }
  await rename(tmp, join(dir, purgePointFileName))
  await syncDir(dir)
}

/** Creates a segment holding only its header, durable (file and directory entry) before it is used. */
export const createSegment = async (dir: string, firstSeq: number, header: Buffer): Promise<Segment> => {
  const path = join(dir, segmentFileName(firstSeq))
  const fh = await open(path, "wx+")
  try {
    await writeAll(fh, [header], 0)
    await fh.datasync()
    await syncDir(dir)
  } catch (e) {
    await fh.close()
    throw e
  }
  return {
    firstSeq,
    path,
    count: 0,
    size: header.length,
    offsets: [],
    handle: fh,
    readers: 0,
    removed: false
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Takes the directory's lock file (holding our pid). A lock left by a process that no longer runs
 * (kill -9) is taken over; one held by a live process (this one included) is refused, naming it.
 * Returns the release function.
 */
export const lockDir = async (dir: string): Promise<() => Promise<void>> => {
  const path = join(dir, lockFileName)
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(path, "wx")
      await fh.writeFile(String(process.pid))
      await fh.close()
      return () => rm(path, { force: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw e
    }
    const pid = Number((await readFile(path, "utf8").catch(() => "")).trim())
    if (Number.isSafeInteger(pid) && pid > 0 && alive(pid))
      throw new Error(
        `${dir} is in use by process ${pid} (lock file ${path}; delete it if that process is not a log writer)`
      )
    await rm(path, { force: true })
  }
}
