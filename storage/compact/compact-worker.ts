/**
 * Compaction off the event loop: `compactInWorker` runs compactBlocks (synchronous, CPU and file
 * bound: seconds to minutes for large blocks) in a worker thread, so appends, queries and scrapes
 * go on meanwhile. One worker per call (its start-up is small next to a compaction). The same
 * file is the worker's entry point.
 */
import type { BlockMeta } from "../blocks/block-meta.ts"
import { callWorker, serveWorkerCall } from "../worker-call.ts"
import { type CompactOptions, compactBlocks } from "./compactor.ts"

interface Job {
  readonly parentDir: string
  readonly dirs: ReadonlyArray<string>
  readonly options: CompactOptions
}

export const compactInWorker = (
  parentDir: string,
  dirs: ReadonlyArray<string>,
  options: CompactOptions = {}
): Promise<BlockMeta | undefined> =>
  callWorker<BlockMeta | undefined>(new URL(import.meta.url), { parentDir, dirs, options } satisfies Job)

serveWorkerCall((job: Job) => compactBlocks(job.parentDir, job.dirs, job.options))
