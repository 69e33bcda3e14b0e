/**
 * `npm run bench:log`: appends of 1 KB entries with durable acks — the file log (fdatasync, group
 * commit) and the JetStream log (a nats-server this bench starts) — at 1, 16 and 64 calls in flight
 * and in batches of 64 entries per call. Prints appends/s and MB/s (median of 3 runs each).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { connect } from "@nats-io/transport-node"
import { Effect, Exit, Scope } from "effect"
import { startNats } from "../../test/support/servers.ts"
import type { DurableLog } from "./durable-log.ts"
import { openFileDurableLog } from "./file-durable-log.ts"
import { openJetStreamLog } from "./jetstream-log.ts"

const entry = new Uint8Array(1024).fill(7)
const total = 4000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const run = async (log: DurableLog, inFlight: number, perCall: number): Promise<number> => {
  let left = total / perCall
  const batch = Array.from({ length: perCall }, () => entry)
  const t0 = performance.now()
  const worker = async () => {
    while (left-- > 0) await Effect.runPromise(log.append(batch))
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
  return total / ((performance.now() - t0) / 1000)
}

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), "vesta-bench-log-"))
  const nats = await startNats()
  const nc = await connect({ servers: nats.url })
  const scope = Effect.runSync(Scope.make())
  try {
    let k = 0
    const logs: Record<string, () => Promise<DurableLog>> = {
      "file log": () => Effect.runPromise(openFileDurableLog(dir, `f${++k}`).pipe(Scope.provide(scope))),
      "JetStream log": () => Effect.runPromise(openJetStreamLog(nc, `j${++k}`).pipe(Scope.provide(scope)))
    }
    console.log(`${total} appends of 1 KB entries, durable acks; median of 3 runs`)
    console.log("log            in flight  entries/call    appends/s      MB/s")
    for (const [name, make] of Object.entries(logs)) {
      for (const [inFlight, perCall] of [
        [1, 1],
        [16, 1],
        [64, 1],
        [4, 64]
      ]) {
        const rates: number[] = []
        for (let r = 0; r < 3; r++) rates.push(await run(await make(), inFlight, perCall))
        const rate = median(rates)
        console.log(
          `${name.padEnd(14)} ${String(inFlight).padStart(9)}  ${String(perCall).padStart(12)}  ${Math.round(rate).toString().padStart(11)}  ${((rate * 1024) / 1e6).toFixed(1).padStart(8)}`
        )
      }
    }
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    await nc.close()
    await nats.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
