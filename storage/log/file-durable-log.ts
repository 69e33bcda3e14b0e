/**
 * The file log as the DurableLog service: one directory per log name under a root, opened and
 * closed with a Scope, plain-code errors mapped into the seam's tagged errors, repairs made at
 * open logged as warnings. The byte work is in file-log.ts; this file only wraps it.
 */
import { join } from "node:path"
import { Effect, Layer, type Scope } from "effect"
import {
  checkLogName,
  type DurableLog,
  DurableLogStore,
  followByReading,
  LogCorruptError,
  LogEntryTooLargeError,
  LogUnavailableError
} from "./durable-log.ts"
import { defaultFileLogOptions, FileLog, type FileLogOptions } from "./file-log.ts"

const mapError =
  (log: string, op: string) =>
  (cause: unknown): LogUnavailableError | LogCorruptError =>
    cause instanceof LogCorruptError || cause instanceof LogUnavailableError
      ? cause
      : new LogUnavailableError({ log, op, cause })

/** The DurableLog over an open FileLog (exposed as `file` for tests and tools). */
export const fileDurableLog = (log: FileLog): DurableLog & { readonly file: FileLog } => {
  const read = (fromSeq: number, maxEntries: number) =>
    Effect.tryPromise({ try: () => log.read(fromSeq, maxEntries), catch: mapError(log.name, "read") })
  // A closed or failed log ends a follower that has caught up, with the reason.
  const waitFor = (seq: number) =>
    Effect.callback<void, LogUnavailableError>((resume) => {
      const cancel = log.onAppend(seq, () => resume(log.failed ? Effect.fail(log.failed) : Effect.void))
      return Effect.sync(cancel)
    })
  return {
    name: log.name,
    file: log,
    entryMaxBytes: log.options.entryMaxBytes,
    append: (entries, options) =>
      Effect.tryPromise({
        try: () => log.append(entries, options?.dedupId),
        catch: (cause) =>
          cause instanceof LogEntryTooLargeError || cause instanceof LogUnavailableError
            ? cause
            : new LogUnavailableError({ log: log.name, op: "append", cause })
      }),
    read,
    follow: followByReading(read, waitFor),
    purge: (upToSeq) =>
      Effect.tryPromise({
        try: () => log.purge(upToSeq),
        catch: (cause) =>
          cause instanceof LogUnavailableError
            ? cause
            : new LogUnavailableError({ log: log.name, op: "purge", cause })
      }),
    bounds: Effect.sync(() => ({ firstSeq: log.firstSeq, lastSeq: log.lastSeq }))
  }
}

/** Opens `<root>/<name>`; the log closes (after its pending appends) with the Scope. */
export const openFileDurableLog = (
  root: string,
  name: string,
  options: FileLogOptions = defaultFileLogOptions
): Effect.Effect<
  DurableLog & { readonly file: FileLog },
  LogUnavailableError | LogCorruptError,
  Scope.Scope
> =>
  Effect.gen(function* () {
    checkLogName(name)
    const dir = join(root, name)
    const log = yield* Effect.acquireRelease(
      Effect.tryPromise({ try: () => FileLog.open(name, dir, options), catch: mapError(name, "open") }),
      (log) => Effect.promise(() => log.close().catch(() => undefined))
    )
    for (const r of log.repairs)
      yield* Effect.logWarning("durable log repaired at open", {
        log: name,
        file: r.file,
        offset: r.offset,
        reason: r.reason
      })
    return fileDurableLog(log)
  }).pipe(Effect.withSpan("FileDurableLog.open", { attributes: { root, name } }))

export const FileDurableLogStore = {
  make: (root: string, options: FileLogOptions = defaultFileLogOptions): DurableLogStore["Service"] =>
    DurableLogStore.of({ open: (name) => openFileDurableLog(root, name, options) }),
  /** Logs in `root/<name>/`. */
  layer: (root: string, options: FileLogOptions = defaultFileLogOptions): Layer.Layer<DurableLogStore> =>
    Layer.succeed(DurableLogStore, FileDurableLogStore.make(root, options))
} as const
