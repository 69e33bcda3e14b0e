/**
 * The file log as the DurableLog service shape (Effect wrappers, errors mapped), opened under a
 * directory per log name and closed with the Scope.
 */
import { join } from "node:path"
import { Effect, type Scope } from "effect"
import { type DurableLog, LogUnavailableError } from "./durable-log.ts"
import { defaultFileLogOptions, FileLog, type FileLogOptions } from "./file-log.ts"

export const openFileDurableLog = (
  root: string,
  name: string,
  options: FileLogOptions = defaultFileLogOptions
): Effect.Effect<DurableLog & { readonly file: FileLog }, LogUnavailableError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({
      try: () => new FileLog(join(root, name), options),
      catch: (cause) => new LogUnavailableError({ log: name, op: "open", cause })
    }),
    (log) => Effect.sync(() => log.close())
  ).pipe(
    Effect.tap((log) =>
      Effect.forEach(log.repairs, (r) =>
        Effect.logWarning("Truncated a torn log tail", { file: r.file, offset: r.offset, reason: r.reason })
      )
    ),
    Effect.map((log) => ({
      name,
      file: log,
      append: (entries) =>
        Effect.tryPromise({
          try: () => log.append(entries),
          catch: (cause) => new LogUnavailableError({ log: name, op: "append", cause })
        }),
      read: (from, max) =>
        Effect.try({
          try: () => log.read(from, max),
          catch: (cause) => new LogUnavailableError({ log: name, op: "read", cause })
        }),
      purge: (upTo) =>
        Effect.try({
          try: () => log.purge(upTo),
          catch: (cause) => new LogUnavailableError({ log: name, op: "purge", cause })
        }),
      bounds: Effect.sync(() => ({ firstSeq: log.firstSeq, lastSeq: log.lastSeq }))
    }))
  )
