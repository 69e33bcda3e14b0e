/**
 * Readers written once for both synchronous and asynchronous byte sources. A read operation is a
 * generator that yields the byte ranges it needs and receives their bytes; `runAsync` feeds it
 * from any ByteSource (a file, an object store), `runSync` from a local file or memory. The
 * decoding logic therefore never touches I/O, and no operation is implemented twice.
 */
import type { ByteSource, SyncByteSource } from "./byte-source.ts"

export interface ByteRange {
  readonly offset: number
  readonly length: number
}

/** An operation that reads ranges of one file and returns T. */
export type RangeReads<T> = Generator<ByteRange, T, Uint8Array>

export const runAsync = async <T>(source: ByteSource, op: RangeReads<T>): Promise<T> => {
  let step = op.next()
  while (!step.done) step = op.next(await source.read(step.value.offset, step.value.length))
  return step.value
}

export const runSync = <T>(source: SyncByteSource, op: RangeReads<T>): T => {
  let step = op.next()
  while (!step.done) step = op.next(source.readSync(step.value.offset, step.value.length))
  return step.value
}

/** Asks for one range; use as `const bytes = yield* readRange(offset, length)`. */
export function* readRange(offset: number, length: number): RangeReads<Uint8Array> {
  return yield { offset, length }
}

/** A range of a given source: for operations that read several files (index and chunk segments). */
export interface SourceRange extends ByteRange {
  readonly source: ByteSource
}

/** An operation that reads ranges of any number of sources and returns T. */
export type SourceReads<T> = Generator<SourceRange, T, Uint8Array>

/** Lifts a one-file operation to a multi-file one. */
export function* onSource<T>(source: ByteSource, op: RangeReads<T>): SourceReads<T> {
  let step = op.next()
  while (!step.done) step = op.next(yield { source, offset: step.value.offset, length: step.value.length })
  return step.value
}

export const runSourcesAsync = async <T>(op: SourceReads<T>): Promise<T> => {
  let step = op.next()
  while (!step.done) step = op.next(await step.value.source.read(step.value.offset, step.value.length))
  return step.value
}

/** Runs `op` without awaiting; every source it touches must be a SyncByteSource. */
export const runSourcesSync = <T>(op: SourceReads<T>): T => {
  let step = op.next()
  while (!step.done) {
    const { source, offset, length } = step.value
    if (!isSyncSource(source)) throw new Error(`${source.name}: source cannot read synchronously`)
    step = op.next(source.readSync(offset, length))
  }
  return step.value
}

export const isSyncSource = (s: ByteSource): s is SyncByteSource =>
  typeof (s as Partial<SyncByteSource>).readSync === "function"
