/**
 * Sharded ingest over a real nats-server: the router appends per-shard batches to JetStream logs,
 * replicas apply them to their heads, cut + ship + purge, and the Bus-backed Queryable reads every
 * head; a replica restarted on its directory replays what its log still holds.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Fiber, Layer, Stream } from "effect"
import { afterAll, describe, expect, inject, it } from "vitest"
import { DecodeError, decodeWriteRequest } from "../../protocols/remote/write-request-decoder.ts"
import { Bus } from "../bus/bus.ts"
import { NatsBus } from "../bus/nats-bus.ts"
import { Head } from "../head/head.ts"
import type { DurableLog } from "../log/durable-log.ts"
import { openJetStreamLog } from "../log/jetstream-log.ts"
import { NatsConnection } from "../nats/nats-connection.ts"
import { memoryObjectStore } from "../object-store/memory-object-store.ts"
import { shipBlocks } from "../ship/shipper.ts"
import { LocalTsdb } from "../tsdb/local-tsdb.ts"
import { busHeadsQueryable, serveHeadReads } from "./head-reads.ts"
import { runShardReplica } from "./shard-replica.ts"
import { encodeBatches, shardedAppender, shardOf } from "./shard-router.ts"

const root = mkdtempSync(join(tmpdir(), "vesta-shard-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const hour = 3600_000
const shards = 3
const run = `t${Date.now().toString(36)}`

const selectAll = (q: ReturnType<typeof busHeadsQueryable>, name: string, lo: number, hi: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const querier = yield* q.querier(lo, hi)
      const set = yield* querier.select([{ type: "=", name: "__name__", value: name }])
      const out: Record<string, number> = {}
      while (set.next()) {
        const s = set.at()
        let n = 0
        const it = s.samples()
        while (it.next()) n++
        out[s.labels.join(",")] = n
      }
      return out
    })
  )

const eventually = <A>(what: string, eff: Effect.Effect<A, unknown>, ok: (a: A) => boolean, ms = 20_000) =>
  Effect.gen(function* () {
    const until = Date.now() + ms
    for (;;) {
      const a = yield* eff
      if (ok(a)) return a
      if (Date.now() > until)
        return yield* Effect.die(new Error(`timed out waiting for ${what}: ${JSON.stringify(a)}`))
      yield* Effect.sleep(100)
    }
  })

describe("sharded ingest over NATS", () => {
  it("routes, applies, serves reads, cuts/ships/purges and replays", async () => {
    const program = Effect.gen(function* () {
      const bus = yield* Bus
      const { nc } = yield* NatsConnection
      const logs: DurableLog[] = []
      for (let k = 0; k < shards; k++) logs.push(yield* openJetStreamLog(nc, `${run}-shard-${k}`))
      const store = memoryObjectStore()
      const tsdbs = logs.map(
        (_, k) =>
          new LocalTsdb(join(root, `shard-${k}`), new Head(), { blockRangeMs: 2 * hour, durable: false })
      )
      const startReplica = (k: number, tsdb: LocalTsdb) =>
        Effect.gen(function* () {
          yield* serveHeadReads(bus, k, tsdb.queryable)
          yield* runShardReplica({
            shard: k,
            log: logs[k],
            tsdb,
            ship: Effect.asVoid(shipBlocks(tsdb.dir, store, { externalLabels: { shard_test: run } }))
          })
        }).pipe(Effect.scoped, Effect.forkDetach)
      const fibers = tsdbs.map((t, k) => startReplica(k, t))
      const replicas: Array<Fiber.Fiber<unknown, unknown>> = []
      for (const f of fibers) replicas.push(yield* f)

      // 12 series over 5h, 1 sample/min, sent in 10-minute requests.
      const series = Array.from({ length: 12 }, (_, i) => ["__name__", "sharded", "i", String(i)])
      expect(new Set(series.map((l) => shardOf(l, shards))).size).toBe(shards)
      const first = Math.floor(Date.now() / hour) * hour - 5 * hour
      const appender = shardedAppender(logs)
      // Half the series come with slots, as a scrape's do (their shard and labels kept there).
      const slots = series.map((_, i) => (i % 2 === 1 ? { sinkMemo: undefined } : undefined))
      for (let m = 0; m < 300; m += 10) {
        const tx = appender.begin()
        const ts = Array.from({ length: 10 }, (_, j) => first + (m + j) * 60_000)
        const vs = Float64Array.from({ length: 10 }, (_, j) => m + j)
        for (const [i, l] of series.entries()) tx.append(l, ts, vs, 0, 10, () => {}, slots[i])
        yield* Effect.promise(() => tx.commit())
      }
      const heads = busHeadsQueryable(bus, shards, 5000)
      // Everything is readable through the bus, once applied (replicas apply asynchronously).
      const all = yield* eventually(
        "all samples through the bus (heads and local blocks)",
        Effect.gen(function* () {
          const fromHeads = yield* selectAll(heads, "sharded", first, first + 6 * hour)
          return Object.values(fromHeads).reduce((a, b) => a + b, 0)
        }),
        (n) => n === 12 * 300
      )
      expect(all).toBe(12 * 300)
      // Each shard cut its first 2h range, shipped it, and purged its log behind it.
      for (const [k, t] of tsdbs.entries()) {
        yield* eventually(
          "a cut block",
          Effect.sync(() => t.blocks.length),
          (n) => n >= 1
        )
        const keys = yield* eventually(
          "the upload",
          Stream.runCollect(store.listAll(`${t.blocks[0].meta.ulid}/`)).pipe(
            Effect.map((p) => [...p].flatMap((x) => x.objects.map((o) => o.key)))
          ),
          (ks) => ks.length === 3
        )
        expect(keys.at(-1)).toMatch(/meta\.json$/)
        yield* eventually("the purge", logs[k].bounds, (b) => b.firstSeq > 1)
      }
      // Restart shard 0 on its directory: replays the rest of its log over its blocks.
      yield* Fiber.interrupt(replicas[0])
      tsdbs[0].close()
      const again = new LocalTsdb(join(root, "shard-0"), new Head(), {
        blockRangeMs: 2 * hour,
        durable: false
      })
      replicas[0] = yield* startReplica(0, again)
      const count = (t: LocalTsdb) =>
        Effect.scoped(
          Effect.gen(function* () {
            const q = yield* t.queryable.querier(first, first + 6 * hour)
            const set = yield* q.select([{ type: "=", name: "__name__", value: "sharded" }])
            let n = 0
            while (set.next()) {
              const it = set.at().samples()
              while (it.next()) n++
            }
            return n
          })
        )
      const expected0 = series.filter((l) => shardOf(l, shards) === 0).length * 300
      yield* eventually("shard 0 replayed", count(again), (n) => n === expected0)
      for (const f of replicas) yield* Fiber.interrupt(f)
      for (const t of [again, ...tsdbs.slice(1)]) t.close()
    })
    await Effect.runPromise(
      program.pipe(
        Effect.scoped,
        Effect.provide(
          NatsBus.layer().pipe(
            Layer.provideMerge(NatsConnection.layer(inject("natsUrl"), { name: "shard-test" }))
          )
        )
      )
    )
  }, 60_000)

  it("splits a shard's batch that would pass the log's entry limit, keeping every sample in order", () => {
    const series = Array.from({ length: 50 }, (_, i) => ({
      labels: ["__name__", "big", "i", String(i)],
      timestamps: Array.from({ length: 100 }, (_, j) => j),
      values: Float64Array.from({ length: 100 }, (_, j) => j)
    }))
    const whole = encodeBatches(series, Number.MAX_SAFE_INTEGER)
    expect(whole.length).toBe(1)
    const parts = encodeBatches(series, Math.ceil(whole[0].length / 5))
    expect(parts.length).toBeGreaterThanOrEqual(5)
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(Math.ceil(whole[0].length / 5))
    const back = parts.flatMap((p) => {
      const r = decodeWriteRequest(p)
      if (r instanceof DecodeError) throw r
      return r.series.map((s) => s.labels[3])
    })
    expect(back).toEqual(series.map((s) => s.labels[3]))
  })
})
