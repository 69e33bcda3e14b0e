/**
 * The KV contract (storage/kv/key-value.ts), one suite for the file store and JetStream KV (real
 * nats-server from the global setup): CAS semantics, deletes, prefixes, TTL, reopen.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { connect, type NatsConnection } from "@nats-io/transport-node"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { fileKvStore } from "../../storage/kv/file-kv.ts"
import { natsKvStore } from "../../storage/kv/jetstream-kv.ts"
import type { KvStore } from "../../storage/kv/key-value.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-kv-conf-"))
let nc: NatsConnection
beforeAll(async () => {
  nc = await connect({ servers: inject("natsUrl") })
})
afterAll(async () => {
  await nc?.close()
  rmSync(dir, { recursive: true, force: true })
})

const factories: Record<string, () => KvStore["Service"]> = {
  "file KV": () => fileKvStore(join(dir, "kv")),
  "JetStream KV": () => natsKvStore(nc)
}
let n = 0
const run = <A, E>(e: Effect.Effect<A, E, never>) => Effect.runPromise(e)
const bucket = (store: KvStore["Service"], ttlMs?: number) =>
  run(Effect.scoped(store.bucket(`b${++n}${Date.now() % 100000}`, { ttlMs })))
const b = (s: string) => new TextEncoder().encode(s)
const t = (u: Uint8Array | undefined) => (u ? new TextDecoder().decode(u) : undefined)

for (const [kind, make] of Object.entries(factories)) {
  describe(`KV contract: ${kind}`, () => {
    it("gets, puts, creates and updates with compare-and-set", async () => {
      const k = await bucket(make())
      expect(await run(k.get("a"))).toBeUndefined()
      const r1 = await run(k.put("a", b("1")))
      const e = await run(k.get("a"))
      expect([t(e?.value), e?.revision]).toEqual(["1", r1])
      const create = await run(Effect.result(k.create("a", b("x"))))
      expect(create._tag === "Failure" && create.failure._tag).toBe("KvConflictError")
      const r2 = await run(k.update("a", b("2"), r1))
      expect(r2).toBeGreaterThan(r1)
      const stale = await run(Effect.result(k.update("a", b("3"), r1)))
      expect(stale._tag === "Failure" && stale.failure.message).toMatch(/revision is no longer/)
      expect(t((await run(k.get("a")))?.value)).toBe("2")
    })
    it("deletes (with a revision check) and creates again after a delete", async () => {
      const k = await bucket(make())
      const r = await run(k.create("lease.x", b("owner-a")))
      const wrong = await run(Effect.result(k.delete("lease.x", r + 100)))
      expect(wrong._tag).toBe("Failure")
      await run(k.delete("lease.x", r))
      expect(await run(k.get("lease.x"))).toBeUndefined()
      expect(await run(k.create("lease.x", b("owner-b")))).toBeGreaterThan(r)
    })
    it("lists keys by prefix, sorted", async () => {
      const k = await bucket(make())
      for (const key of ["t.b", "t.a", "u.c"]) await run(k.put(key, b(key)))
      expect(await run(k.keys("t."))).toEqual(["t.a", "t.b"])
      expect(await run(k.keys())).toEqual(["t.a", "t.b", "u.c"])
    })
    it("expires entries after the bucket TTL, then allows create", async () => {
      const k = await bucket(make(), 1000)
      await run(k.create("lease", b("a")))
      await new Promise((r) => setTimeout(r, 1600))
      expect(await run(k.get("lease"))).toBeUndefined()
      expect(await run(k.create("lease", b("b")))).toBeGreaterThan(0)
    })
    it("keeps data when the store is opened again", async () => {
      const name = `reopen${++n}${Date.now() % 100000}`
      const first = await run(Effect.scoped(make().bucket(name)))
      await run(first.put("k", b("v")))
      const second = await run(Effect.scoped(make().bucket(name)))
      expect(t((await run(second.get("k")))?.value)).toBe("v")
    })
  })
}
