/**
 * Compaction off the event loop: `compactInWorker` runs compactBlocks (synchronous, CPU and file
 * bound: seconds to minutes for large blocks) in a worker thread, so appends, queries and scrapes
 * go on meanwhile. One worker per call (its start-up is small next to a compaction). The same
 * file is the worker's entry point.
 */
import { isMainThread, parentPort, Worker } from "node:worker_threads"
import type { BlockMeta } from "../blocks/block-meta.ts"
import { type CompactOptions, compactBlocks } from "./compactor.ts"

interface Job {
  readonly parentDir: string
  readonly dirs: ReadonlyArray<string>
  readonly options: CompactOptions
}

type Outcome = { readonly made: BlockMeta | undefined } | { readonly error: string }

export const compactInWorker = (
  parentDir: string,
  dirs: ReadonlyArray<string>,
  options: CompactOptions = {}
): Promise<BlockMeta | undefined> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url))
    let settled = false
    const settle = (f: () => void) => {
      if (settled) return
      settled = true
      f()
      void worker.terminate()
    }
    worker.once("message", (o: Outcome) =>
      settle(() => ("error" in o ? reject(new Error(o.error)) : resolve(o.made)))
    )
    worker.once("error", (e) => settle(() => reject(e)))
    worker.once("exit", (code) =>
      settle(() => reject(new Error(`compaction worker exited with code ${code} before answering`)))
    )
    worker.postMessage({ parentDir, dirs, options } satisfies Job)
  })

if (!isMainThread && parentPort !== null) {
  const port = parentPort
  port.once("message", (job: Job) => {
    let outcome: Outcome
    try {
      outcome = { made: compactBlocks(job.parentDir, job.dirs, job.options) }
    } catch (e) {
      outcome = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }
    }
    port.postMessage(outcome)
  })
}
