/**
 * The DurableLog contract (storage/log/durable-log.ts), one suite run against the file log and the
 * JetStream log (real nats-server from the global setup).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { connect, type NatsConnection } from "@nats-io/transport-node"
import { Effect, Exit, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import type { DurableLog } from "../../storage/log/durable-log.ts"
import { openFileDurableLog } from "../../storage/log/file-durable-log.ts"
import { openJetStreamLog } from "../../storage/log/jetstream-log.ts"

const root = mkdtempSync(join(tmpdir(), "vesta-log-conf-"))
let nc: NatsConnection
beforeAll(async () => {
  nc = await connect({ servers: inject("natsUrl") })
})
afterAll(async () => {
  await nc?.close()
  rmSync(root, { recursive: true, force: true })
})

let n = 0
const factories: Record<string, (name: string) => Effect.Effect<DurableLog, unknown, Scope.Scope>> = {
  "file log": (name) => openFileDurableLog(root, name),
  "JetStream log": (name) => openJetStreamLog(nc, name)
}

/** Opens a log in its own scope; close() releases it so the same name can be reopened. */
const open = async (
  make: (name: string) => Effect.Effect<DurableLog, unknown, Scope.Scope>,
  name: string
) => {
  const scope = Effect.runSync(Scope.make())
  const log = await Effect.runPromise(make(name).pipe(Scope.provide(scope)))
  return { log, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}
const run = <A>(e: Effect.Effect<A, unknown>) => Effect.runPromise(e)
const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)

for (const [kind, make] of Object.entries(factories)) {
  describe(`DurableLog contract: ${kind}`, () => {
    it("appends with gapless sequences from 1 and reads them back in order", async () => {
      const { log, close } = await open(make, `c${++n}`)
      expect(await run(log.bounds)).toEqual({ firstSeq: 1, lastSeq: 0 })
      expect(await run(log.append([bytes("a"), bytes("b")]))).toEqual({ firstSeq: 1, lastSeq: 2 })
      expect(await run(log.append([bytes("c")]))).toEqual({ firstSeq: 3, lastSeq: 3 })
      const r = await run(log.read(1, 10))
      expect(r.map((e) => [e.seq, text(e.data)])).toEqual([
        [1, "a"],
        [2, "b"],
        [3, "c"]
      ])
      expect((await run(log.read(2, 1))).map((e) => e.seq)).toEqual([2])
      expect(await run(log.read(4, 10))).toEqual([])
      await close()
    })
    it("acknowledges concurrent appends, each call's entries contiguous", async () => {
      const { log, close } = await open(make, `c${++n}`)
      const calls = Array.from({ length: 20 }, (_, i) => run(log.append([bytes(`${i}-x`), bytes(`${i}-y`)])))
      const acks = await Promise.all(calls)
      for (const a of acks) expect(a.lastSeq - a.firstSeq).toBe(1)
      expect(new Set(acks.flatMap((a) => [a.firstSeq, a.lastSeq])).size).toBe(40)
      const all = await run(log.read(1, 100))
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
      for (const a of acks)
        expect(text(all[a.lastSeq - 1].data).replace("-y", "")).toBe(
          text(all[a.firstSeq - 1].data).replace("-x", "")
        )
      await close()
    })
    it("purges a prefix and keeps the rest", async () => {
      const { log, close } = await open(make, `c${++n}`)
      await run(log.append(Array.from({ length: 10 }, (_, i) => bytes(`e${i + 1}`))))
      await run(log.purge(4))
      expect(await run(log.bounds)).toEqual({ firstSeq: 5, lastSeq: 10 })
      const r = await run(log.read(1, 100))
      expect(r.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10])
      expect(await run(log.append([bytes("e11")]))).toEqual({ firstSeq: 11, lastSeq: 11 })
      await close()
    })
    it("keeps entries and sequences across reopen, large entries intact", async () => {
      const name = `c${++n}`
      const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) & 0xff)
      const first = await open(make, name)
      await run(first.log.append([bytes("small"), big]))
      await first.close()
      const second = await open(make, name)
      const r = await run(second.log.read(1, 10))
      expect(r.map((e) => e.seq)).toEqual([1, 2])
      expect(Buffer.from(r[1].data).equals(Buffer.from(big))).toBe(true)
      expect(await run(second.log.append([bytes("after")]))).toEqual({ firstSeq: 3, lastSeq: 3 })
      await second.close()
    })
  })
}
