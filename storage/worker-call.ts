/**
 * One call into a worker thread: `callWorker` starts the worker at `url`, posts one message and
 * resolves with its answer (rejects with the error it reported, or if it dies first); the worker
 * file calls `serveWorkerCall` with the function to run. One worker per call: for long jobs
 * (compaction, block writing) whose start-up cost is small next to the work.
 */
import { isMainThread, parentPort, type Transferable, Worker } from "node:worker_threads"

type Outcome<A> = { readonly ok: A } | { readonly error: string }

export const callWorker = <A>(
  url: URL,
  message: unknown,
  transfer: ReadonlyArray<Transferable> = []
): Promise<A> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(url)
    let settled = false
    const settle = (f: () => void) => {
      if (settled) return
      settled = true
      f()
      void worker.terminate()
    }
    worker.once("message", (o: Outcome<A>) =>
      settle(() => ("error" in o ? reject(new Error(o.error)) : resolve(o.ok)))
    )
    worker.once("error", (e) => settle(() => reject(e)))
    worker.once("exit", (code) =>
      settle(() => reject(new Error(`worker exited with code ${code} before answering`)))
    )
    worker.postMessage(message, [...transfer])
  })

/** In a worker file: answers the one message with `run`'s result (or its error's stack). */
export const serveWorkerCall = <M, A>(run: (message: M) => A): void => {
  if (isMainThread || parentPort === null) return
  const port = parentPort
  port.once("message", (message: M) => {
    let outcome: Outcome<A>
    try {
      outcome = { ok: run(message) }
    } catch (e) {
      outcome = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }
    }
    port.postMessage(outcome)
  })
}
