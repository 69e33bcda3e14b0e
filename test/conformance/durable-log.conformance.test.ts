/**
 * The DurableLog contract (storage/log/durable-log.ts): one suite, run against the file log (temp
 * directory; default segments and 4 KiB segments, so reads and purges cross segment files) and
 * the JetStream log on the real nats-server of the global setup (a unique stream per case).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { jetstreamManager } from "@nats-io/jetstream"
import { connect, type NatsConnection } from "@nats-io/transport-node"
import { Effect, Exit, Layer, ManagedRuntime, Scope, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { type DurableLog, DurableLogStore } from "../../storage/log/durable-log.ts"
import { FileDurableLogStore } from "../../storage/log/file-durable-log.ts"
import { defaultFileLogOptions } from "../../storage/log/file-log.ts"
import { JetStreamDurableLogStore, jetStreamLogStream } from "../../storage/log/jetstream-log.ts"
import { NatsConnection as NatsConnectionService } from "../../storage/nats/nats-connection.ts"

const root = mkdtempSync(join(tmpdir(), "vesta-log-conf-"))
const run = `r${Date.now().toString(36)}`
const streams: string[] = []
let nc: NatsConnection
// The JetStream store comes from its production layer, on the NatsConnection service's layer.
let jetStreamRuntime: ManagedRuntime.ManagedRuntime<DurableLogStore, unknown> | undefined
beforeAll(async () => {
  nc = await connect({ servers: inject("natsUrl") })
})
afterAll(async () => {
  const jsm = await jetstreamManager(nc)
  for (const s of streams) await jsm.streams.delete(s).catch(() => false)
  await nc.close()
  await jetStreamRuntime?.dispose()
  rmSync(root, { recursive: true, force: true })
})

const storeOf = (layer: Layer.Layer<DurableLogStore>) =>
  Effect.runSync(
    Effect.gen(function* () {
      return yield* DurableLogStore
    }).pipe(Effect.provide(layer))
  )
const stores: Record<string, () => Promise<DurableLogStore["Service"]>> = {
  "file log": async () => storeOf(FileDurableLogStore.layer(join(root, "default"))),
  "file log, 4 KiB segments": async () =>
    storeOf(
      FileDurableLogStore.layer(join(root, "small"), { ...defaultFileLogOptions, segmentMaxBytes: 4096 })
    ),
  "JetStream log": async () => {
    jetStreamRuntime = ManagedRuntime.make(
      JetStreamDurableLogStore.layer().pipe(Layer.provide(NatsConnectionService.layer(inject("natsUrl"))))
    )
    return jetStreamRuntime.runPromise(
      Effect.gen(function* () {
        return yield* DurableLogStore
      })
    )
  }
}

const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)
const ok = <A>(e: Effect.Effect<A, unknown>) => Effect.runPromise(e)
const seqs = (es: ReadonlyArray<{ seq: number }>) => es.map((e) => e.seq)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

for (const [kind, makeStore] of Object.entries(stores)) {
  describe(`DurableLog contract: ${kind}`, () => {
    let store: DurableLogStore["Service"] | undefined
    let n = 0
    const newName = () => {
      const name = `${run}-${++n}`
      if (kind.startsWith("JetStream")) streams.push(jetStreamLogStream(name))
      return name
    }
    /** Opens `name` in its own Scope; close() releases it so the same name can be reopened. */
    const open = async (name: string) => {
      const scope = Effect.runSync(Scope.make())
      store ??= await makeStore()
      const log = await ok(store.open(name).pipe(Scope.provide(scope)))
      return { log, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
    }
    /** Reads everything from `from`, following short reads. */
    const readAll = async (log: DurableLog, from = 1) => {
      const out: Array<{ seq: number; data: Uint8Array }> = []
      for (;;) {
        const got = await ok(log.read(from, 1000))
        if (got.length === 0) return out
        out.push(...got)
        from = got[got.length - 1].seq + 1
      }
    }

    it("an empty log has bounds 1..0 and reads nothing", async () => {
      const { log, close } = await open(newName())
      expect(await ok(log.bounds)).toEqual({ firstSeq: 1, lastSeq: 0 })
      expect(await ok(log.read(1, 10))).toEqual([])
      expect(await ok(log.read(0, 10))).toEqual([])
      expect(await ok(log.append([]))).toEqual({ firstSeq: 1, lastSeq: 0 })
      await close()
    })

    it("gives gapless sequences from 1 and reads entries back in order", async () => {
      const { log, close } = await open(newName())
      expect(await ok(log.append([bytes("a"), bytes("b")]))).toEqual({ firstSeq: 1, lastSeq: 2 })
      expect(await ok(log.append([bytes("c")]))).toEqual({ firstSeq: 3, lastSeq: 3 })
      expect(await ok(log.append([new Uint8Array(0), bytes("e")]))).toEqual({ firstSeq: 4, lastSeq: 5 })
      const all = await ok(log.read(1, 10))
      expect(all.map((e) => [e.seq, text(e.data)])).toEqual([
        [1, "a"],
        [2, "b"],
        [3, "c"],
        [4, ""],
        [5, "e"]
      ])
      expect(seqs(await ok(log.read(2, 2)))).toEqual([2, 3])
      expect(seqs(await ok(log.read(5, 10)))).toEqual([5])
      expect(await ok(log.read(6, 10))).toEqual([])
      expect(await ok(log.read(1, 0))).toEqual([])
      expect(await ok(log.bounds)).toEqual({ firstSeq: 1, lastSeq: 5 })
      await close()
    })

    it("acknowledges 200 concurrent appends, each call's entries contiguous and readable", async () => {
      const { log, close } = await open(newName())
      const calls = Array.from({ length: 200 }, (_, i) =>
        ok(
          log.append(
            Array.from({ length: (i % 5) + 1 }, (_, j) => bytes(`call ${i} entry ${j} ${"z".repeat(i)}`))
          )
        )
      )
      const acks = await Promise.all(calls)
      const total = acks.reduce((s, a) => s + a.lastSeq - a.firstSeq + 1, 0)
      expect(total).toBe(600)
      const all = await readAll(log)
      expect(seqs(all)).toEqual(range(1, 600))
      acks.forEach((a, i) => {
        expect(a.lastSeq - a.firstSeq).toBe(i % 5)
        for (let j = 0; j <= i % 5; j++)
          expect(text(all[a.firstSeq - 1 + j].data)).toBe(`call ${i} entry ${j} ${"z".repeat(i)}`)
      })
      await close()
    })

    it("stores a call once when its dedupId repeats, also while the first is in flight", async () => {
      const { log, close } = await open(newName())
      const [a, b] = await Promise.all([
        ok(log.append([bytes("x"), bytes("y")], { dedupId: "call-1" })),
        ok(log.append([bytes("x"), bytes("y")], { dedupId: "call-1" }))
      ])
      expect(a).toEqual({ firstSeq: 1, lastSeq: 2 })
      expect(b).toEqual(a)
      expect(await ok(log.append([bytes("x"), bytes("y")], { dedupId: "call-1" }))).toEqual(a)
      expect(await ok(log.append([bytes("z")], { dedupId: "call-2" }))).toEqual({ firstSeq: 3, lastSeq: 3 })
      expect(seqs(await readAll(log))).toEqual([1, 2, 3])
      await close()
    })

    it("purges a prefix: reads start at the first kept entry, sequences continue", async () => {
      const { log, close } = await open(newName())
      await ok(log.append(Array.from({ length: 40 }, (_, i) => bytes(`entry ${i + 1} ${"p".repeat(200)}`))))
      await ok(log.purge(14))
      expect(await ok(log.bounds)).toEqual({ firstSeq: 15, lastSeq: 40 })
      const rest = await readAll(log)
      expect(seqs(rest)).toEqual(range(15, 40))
      expect(text(rest[0].data)).toMatch(/^entry 15 /)
      expect(seqs(await ok(log.read(3, 2)))).toEqual([15, 16])
      await ok(log.purge(10)) // below the purge point: nothing changes
      expect(await ok(log.bounds)).toEqual({ firstSeq: 15, lastSeq: 40 })
      await ok(log.purge(1000)) // past the end: everything present goes, nothing more
      expect(await ok(log.bounds)).toEqual({ firstSeq: 41, lastSeq: 40 })
      expect(await ok(log.read(1, 10))).toEqual([])
      expect(await ok(log.append([bytes("after")]))).toEqual({ firstSeq: 41, lastSeq: 41 })
      expect((await ok(log.read(1, 10))).map((e) => [e.seq, text(e.data)])).toEqual([[41, "after"]])
      await close()
    })

    it("follows: streams the entries present, then each new append as it is acknowledged", async () => {
      const { log, close } = await open(newName())
      await ok(log.append([bytes("f1"), bytes("f2")]))
      await ok(log.purge(1))
      const followed = Effect.runPromise(log.follow(1).pipe(Stream.take(6), Stream.runCollect))
      for (let i = 3; i <= 7; i++) {
        await new Promise((r) => setTimeout(r, 15))
        await ok(log.append([bytes(`f${i}`)]))
      }
      const got = Array.from(await followed)
      expect(got.map((e) => [e.seq, text(e.data)])).toEqual(range(2, 7).map((i) => [i, `f${i}`]))
      await close()
    })

    it("keeps entries, sequences and the purge point across reopen", async () => {
      const name = newName()
      const first = await open(name)
      await ok(first.log.append(Array.from({ length: 30 }, (_, i) => bytes(`v${i + 1}-${"r".repeat(300)}`))))
      await ok(first.log.purge(7))
      await first.close()
      const second = await open(name)
      expect(await ok(second.log.bounds)).toEqual({ firstSeq: 8, lastSeq: 30 })
      const got = await readAll(second.log)
      expect(got.map((e) => text(e.data).split("-")[0])).toEqual(range(8, 30).map((i) => `v${i}`))
      expect(await ok(second.log.append([bytes("v31")]))).toEqual({ firstSeq: 31, lastSeq: 31 })
      await second.close()
    })

    it("stores large entries intact and refuses one over the limit, naming its index", async () => {
      const { log, close } = await open(newName())
      const size = Math.min(1024 * 1024, log.entryMaxBytes)
      const big = new Uint8Array(size).map((_, i) => (i * 31 + (i >> 8)) & 0xff)
      expect(await ok(log.append([bytes("small"), big, big.subarray(0, 1000)]))).toEqual({
        firstSeq: 1,
        lastSeq: 3
      })
      const got = await readAll(log)
      expect(seqs(got)).toEqual([1, 2, 3])
      expect(Buffer.from(got[1].data).equals(Buffer.from(big))).toBe(true)
      expect(Buffer.from(got[2].data).equals(Buffer.from(big.subarray(0, 1000)))).toBe(true)
      const tooBig = new Uint8Array(log.entryMaxBytes + 1)
      const exit = await Effect.runPromiseExit(log.append([bytes("ok"), tooBig]))
      expect(Exit.isFailure(exit) && String(exit.cause)).toMatch(
        new RegExp(`entry 1 is ${log.entryMaxBytes + 1} bytes; the limit is ${log.entryMaxBytes}`)
      )
      expect(await ok(log.bounds)).toEqual({ firstSeq: 1, lastSeq: 3 })
      await close()
    })
  })
}
