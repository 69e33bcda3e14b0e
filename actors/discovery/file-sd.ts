/**
 * file_sd_configs: reads JSON/YAML target files (a `*` glob in the file name part is allowed), adds
 * `__meta_filepath`, and re-reads on change (fs.watch on the directories) and every
 * refresh_interval. A file that fails to parse keeps its previous groups and is logged.
 */
import { readdirSync, readFileSync, watch } from "node:fs"
import { basename, dirname, join, resolve } from "node:path"
import { Effect, Queue, Schedule, Stream } from "effect"
import type { FileSdConfig } from "../../protocols/config/prometheus-config.ts"
import { decodeTargetGroups, type TargetGroup } from "./target-group.ts"

const globToRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")}$`
  )

/** The files a pattern names right now, sorted. */
export const expandFilePattern = (pattern: string, baseDir: string): string[] => {
  const full = resolve(baseDir, pattern)
  const dir = dirname(full)
  const name = basename(full)
  if (!/[*?]/.test(name)) return [full]
  const re = globToRegExp(name)
  try {
    return readdirSync(dir)
      .filter((f) => re.test(f))
      .sort()
      .map((f) => join(dir, f))
  } catch {
    return []
  }
}

/** Reads every file once; `previous` supplies groups for files that fail to parse now. */
export const readFileSd = (
  cfg: FileSdConfig,
  baseDir: string,
  previous: ReadonlyMap<string, TargetGroup[]>
): { groups: Map<string, TargetGroup[]>; errors: string[] } => {
  const groups = new Map<string, TargetGroup[]>()
  const errors: string[] = []
  for (const pattern of cfg.files) {
    for (const file of expandFilePattern(pattern, baseDir)) {
      try {
        const text = readFileSync(file, "utf8")
        groups.set(
          file,
          decodeTargetGroups(text, file.endsWith(".json") ? "json" : "yaml", file, { __meta_filepath: file })
        )
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === "ENOENT") continue
        errors.push(`file_sd: ${(e as Error).message}`)
        const old = previous.get(file)
        if (old) groups.set(file, old)
      }
    }
  }
  return { groups, errors }
}

/**
 * A stream of complete group lists: one at start, then one per change or refresh. Watches the
 * directories of the patterns; the watchers close with the stream.
 */
export const fileSdStream = (cfg: FileSdConfig, baseDir: string): Stream.Stream<TargetGroup[]> =>
  Stream.callback<TargetGroup[]>((queue) =>
    Effect.gen(function* () {
      let previous = new Map<string, TargetGroup[]>()
      const refresh = Effect.gen(function* () {
        const { groups, errors } = readFileSd(cfg, baseDir, previous)
        for (const e of errors) yield* Effect.logWarning(e)
        previous = groups
        Queue.offerUnsafe(queue, [...groups.values()].flat())
      })
      yield* refresh
      const dirs = [...new Set(cfg.files.map((p) => dirname(resolve(baseDir, p))))]
      const changed = yield* Queue.sliding<void>(1)
      yield* Effect.acquireRelease(
        Effect.sync(() =>
          dirs.flatMap((d) => {
            try {
              return [watch(d, () => Queue.offerUnsafe(changed, undefined))]
            } catch {
              return [] // a missing directory is picked up by the periodic refresh
            }
          })
        ),
        (watchers) =>
          Effect.sync(() => {
            for (const w of watchers) w.close()
          })
      )
      yield* Effect.forkScoped(
        Queue.take(changed).pipe(
          Effect.andThen(Effect.sleep("50 millis")),
          Effect.andThen(refresh),
          Effect.forever
        )
      )
      yield* Effect.forkScoped(
        refresh.pipe(Effect.repeat(Schedule.spaced(cfg.refreshIntervalMs)), Effect.asVoid)
      )
    })
  )
