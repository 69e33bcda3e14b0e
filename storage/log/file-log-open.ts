/**
 * Recovery when a file log opens: reads the purge point, checks every segment header, scans the
 * last segment record by record and cuts a torn tail (kill -9 or power loss during an
 * unacknowledged write). Damage that a torn tail cannot explain (a bad older segment, a bad record
 * followed by valid ones) is a LogCorruptError naming file and offset; nothing is skipped. Older
 * segments' records are verified when first read (file-log.ts), not here.
 */
import { mkdir, open, readdir, readFile, rm } from "node:fs/promises"
import { dirname, join } from "node:path"
import { LogCorruptError, LogUnavailableError } from "./durable-log.ts"
import {
  createSegment,
  legacySegmentFilePattern,
  purgePointFileName,
  readExactly,
  readPurgePoint,
  type Segment,
  segmentFilePattern,
  syncDir
} from "./file-log-files.ts"
import {
  decodeSegmentHeader,
  encodeSegmentHeader,
  scanSegment,
  segmentHeaderBytes,
  validRecordAfter
} from "./log-record.ts"

/** What open() cut or removed; the caller logs each as a warning. */
export interface TailRepair {
  readonly file: string
  readonly offset: number
  readonly reason: string
}

export interface RecoveredLog {
  /** In sequence order; the last one is the active segment, its handle open for writing. */
  readonly segments: Segment[]
  readonly purgedUpTo: number
  readonly repairs: TailRepair[]
}

export const recoverLog = async (log: string, dir: string): Promise<RecoveredLog> => {
  const corrupt = (file: string, offset: number, reason: string) =>
    new LogCorruptError({ log, file, offset, reason })
  await mkdir(dir, { recursive: true })
  await syncDir(dirname(dir)) // the log directory's own entry, in case it was just created
  const purged = await readPurgePoint(dir)
  if (typeof purged === "string") throw corrupt(join(dir, purgePointFileName), 0, purged)
  const names = await readdir(dir)
  if (names.some((n) => legacySegmentFilePattern.test(n)))
    throw new LogUnavailableError({
      log,
      op: "open",
      cause: new Error(`${dir} holds segments of the older unversioned format (*.log); move them away`)
    })
  await rm(join(dir, `${purgePointFileName}.tmp`), { force: true })
  const found = names
    .filter((n) => segmentFilePattern.test(n))
    .sort()
    .map((n) => ({ path: join(dir, n), firstSeq: Number(n.slice(0, 20)) }))
  const repairs: TailRepair[] = []

  let last: Segment | undefined
  while (found.length > 0 && last === undefined) {
    const { path, firstSeq } = found[found.length - 1]
    const b = await readFile(path)
    const header = decodeSegmentHeader(b)
    if (typeof header === "string") {
      // A roll writes and syncs the header before any record: a short or bad header with nothing
      // after it is a roll cut short, never acknowledged data.
      if (b.length > segmentHeaderBytes) throw corrupt(path, 0, header)
      await rm(path)
      await syncDir(dir)
      repairs.push({
        file: path,
        offset: 0,
        reason: `removed a segment whose creation was cut short: ${header}`
      })
      found.pop()
      continue
    }
    if (header !== firstSeq)
      throw corrupt(path, 8, `header has first sequence ${header}, the file name ${firstSeq}`)
    const scan = scanSegment(b, firstSeq)
    if (scan.damage) {
      const { offset, reason } = scan.damage
      const later = validRecordAfter(b, offset, firstSeq + scan.offsets.length - 1)
      if (later !== undefined)
        throw corrupt(
          path,
          offset,
          `${reason}; a valid later record at offset ${later} rules out a torn tail`
        )
      const fh = await open(path, "r+")
      try {
        await fh.truncate(scan.validBytes)
        await fh.datasync()
      } finally {
        await fh.close()
      }
      repairs.push({ file: path, offset, reason: `truncated a torn tail: ${reason}` })
    }
    last = {
      firstSeq,
      path,
      count: scan.offsets.length,
      size: scan.validBytes,
      offsets: scan.offsets,
      handle: undefined,
      readers: 0,
      removed: false
    }
  }

  const segments: Segment[] = []
  for (let i = 0; i < found.length - 1; i++)
    segments.push(await olderSegment(found[i], found[i + 1].firstSeq, corrupt))
  if (last) segments.push(last)
  const lastSeq = last ? last.firstSeq + last.count - 1 : purged
  if (purged > lastSeq)
    throw corrupt(join(dir, purgePointFileName), 0, `purge point ${purged} is past the last entry ${lastSeq}`)

  // A purge records its point before deleting segments; finish one that was cut short.
  while (segments.length > 1 && segments[0].firstSeq + segments[0].count - 1 <= purged) {
    await rm(segments[0].path, { force: true })
    segments.shift()
  }
  if (last) last.handle = await open(last.path, "r+")
  else segments.push(await createSegment(dir, purged + 1, encodeSegmentHeader(purged + 1)))
  return { segments, purgedUpTo: purged, repairs }
}

/** A segment before the last: its header is checked; its record count follows from the next name. */
const olderSegment = async (
  s: { path: string; firstSeq: number },
  nextFirstSeq: number,
  corrupt: (file: string, offset: number, reason: string) => LogCorruptError
): Promise<Segment> => {
  const fh = await open(s.path, "r")
  try {
    const size = (await fh.stat()).size
    if (size < segmentHeaderBytes)
      throw corrupt(s.path, 0, `segment is ${size} bytes, shorter than its header`)
    const header = decodeSegmentHeader(await readExactly(fh, segmentHeaderBytes, 0))
    if (typeof header === "string") throw corrupt(s.path, 0, header)
    if (header !== s.firstSeq)
      throw corrupt(s.path, 8, `header has first sequence ${header}, the file name ${s.firstSeq}`)
    if (nextFirstSeq <= s.firstSeq)
      throw corrupt(s.path, 0, `segment starts at ${s.firstSeq} but the next one at ${nextFirstSeq}`)
    const count = nextFirstSeq - s.firstSeq
    return {
      firstSeq: s.firstSeq,
      path: s.path,
      count,
      size,
      offsets: undefined,
      handle: undefined,
      readers: 0,
      removed: false
    }
  } finally {
    await fh.close()
  }
}
