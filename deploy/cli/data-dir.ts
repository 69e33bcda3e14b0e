/**
 * The data directory (`--storage.tsdb.path`): created if missing and locked for this process with
 * a `lock` file holding our PID, so two Vesta processes never share one. A lock left by a dead
 * process (kill -9) is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Effect, Schema } from "effect"

export class DataDirError extends Schema.TaggedError<DataDirError>()("DataDirError", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cannot use data directory "${this.path}": ${this.reason}`
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

/** Creates and locks the directory for the Scope's lifetime; returns its absolute path. */
export const lockDataDir = (path: string) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        const dir = resolve(path)
        mkdirSync(dir, { recursive: true })
        const lock = join(dir, "lock")
        let holder: number | undefined
        try {
          holder = Number(readFileSync(lock, "utf8").trim())
        } catch {
          holder = undefined
        }
        if (holder && holder !== process.pid && alive(holder)) {
          throw new Error(`locked by running process ${holder} (${lock})`)
        }
        writeFileSync(lock, `${process.pid}\n`)
        return dir
      },
      catch: (e) => new DataDirError({ path, reason: e instanceof Error ? e.message : String(e) })
    }),
    (dir) => Effect.sync(() => rmSync(join(dir, "lock"), { force: true }))
  )
