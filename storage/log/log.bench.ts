/**
 * `node storage/log/log.bench.ts` (npm run bench:log): appends of 1 KiB entries with durable acks
 * through the DurableLog service, for the file log (fdatasync, group commit) and the JetStream log
 * (a nats-server this bench starts and stops), at 1, 16 and 64 calls in flight and with 64
 * entries per call. Each row runs for LOG_BENCH_MS (default 1500 ms) three times; the median is
 * printed as calls/s, entries/s and MB/s, plus entries per fdatasync for the file log. Last,
 * each kind's largest log is read back from seq 1 in reads of 1000 (the replay path).
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

const entryBytes = 1024
const durationMs = Number(process.env.LOG_BENCH_MS ?? 1500)
const rows: Array<[inFlight: number, perCall: number]> = [
  [1, 1],
  [16, 1],
  [64, 1],
  [1, 64],
  [16, 64]
]

interface Result {
  readonly calls: number
  readonly entries: number
  readonly seconds: number
  readonly commits?: number
}

/** `inFlight` loops, each appending `perCall` fresh 1 KiB entries per call, until time is up. */
const measure = async (log: DurableLog, inFlight: number, perCall: number): Promise<Result> => {
  let calls = 0
  const stopAt = performance.now() + durationMs
  const t0 = performance.now()
  const loop = async (worker: number) => {
    for (let i = 0; performance.now() < stopAt; i++) {
      const batch = Array.from({ length: perCall }, (_, j) =>
        new Uint8Array(entryBytes).fill((worker + i + j) & 0xff)
      )
      await Effect.runPromise(log.append(batch))
      calls++
    }
  }
  await Promise.all(Array.from({ length: inFlight }, (_, w) => loop(w)))
  return { calls, entries: calls * perCall, seconds: (performance.now() - t0) / 1000 }
}

/** Reads the whole log from seq 1 in reads of 1000 entries; entries/s and MB/s. */
const measureRead = async (log: DurableLog) => {
  const t0 = performance.now()
  let entries = 0
  let bytes = 0
  for (let seq = 1; ; ) {
    const got = await Effect.runPromise(log.read(seq, 1000))
    if (got.length === 0) break
    entries += got.length
    for (const e of got) bytes += e.data.length
    seq = got[got.length - 1].seq + 1
  }
  const seconds = (performance.now() - t0) / 1000
  return { entries, rate: entries / seconds, mbs: bytes / seconds / 1e6 }
}

const median = (xs: Result[]) => [...xs].sort((a, b) => a.entries / a.seconds - b.entries / b.seconds)[1]

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), "vesta-bench-log-"))
  const nats = await startNats()
  const nc = await connect({ servers: nats.url })
  const scope = Effect.runSync(Scope.make())
  let k = 0
  const open = (e: Effect.Effect<DurableLog, unknown, Scope.Scope>) =>
    Effect.runPromise(e.pipe(Scope.provide(scope)))
  const kinds: Record<string, () => Promise<{ log: DurableLog; commits?: () => number }>> = {
    "file log": async () => {
      const log = await open(openFileDurableLog(dir, `f${++k}`))
      return { log, commits: () => (log as unknown as { file: { commits: number } }).file.commits }
    },
    "JetStream log": async () => ({ log: await open(openJetStreamLog(nc, `bench${++k}`)) })
  }
  try {
    console.log(
      `1 KiB entries, durable acks; median of 3 runs of ${durationMs} ms; ${tmpdir()} for the file log`
    )
    console.log("log            in flight  entries/call     calls/s   entries/s      MB/s  entries/fsync")
    const largest: Array<[string, DurableLog, number]> = []
    for (const [kind, make] of Object.entries(kinds)) {
      let biggest: [DurableLog, number] | undefined
      for (const [inFlight, perCall] of rows) {
        const results: Result[] = []
        for (let r = 0; r < 3; r++) {
          const { log, commits } = await make()
          const before = commits?.() ?? 0
          const res = await measure(log, inFlight, perCall)
          if (!biggest || res.entries > biggest[1]) biggest = [log, res.entries]
          results.push({ ...res, commits: commits ? commits() - before : undefined })
        }
        const m = median(results)
        const perFsync = m.commits ? (m.entries / m.commits).toFixed(1) : "-"
        console.log(
          [
            kind.padEnd(14),
            String(inFlight).padStart(9),
            String(perCall).padStart(13),
            Math.round(m.calls / m.seconds)
              .toString()
              .padStart(11),
            Math.round(m.entries / m.seconds)
              .toString()
              .padStart(11),
            ((m.entries * entryBytes) / m.seconds / 1e6).toFixed(1).padStart(9),
            perFsync.padStart(14)
          ].join(" ")
        )
      }
      if (biggest) largest.push([kind, ...biggest])
    }
    for (const [kind, log] of largest) {
      const r = await measureRead(log)
      console.log(
        `${kind}: read back ${r.entries} entries: ${Math.round(r.rate)} entries/s, ${r.mbs.toFixed(1)} MB/s`
      )
    }
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    await nc.close()
    await nats.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
