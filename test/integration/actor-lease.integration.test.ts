/**
 * Single ownership across real processes: hosts in separate Node processes contend for one actor
 * key through a short-TTL JetStream KV lease on the shared nats-server. Checks that incarnations
 * never overlap, that SIGTERM hands the key over at once (the lease is deleted) and that after
 * kill -9 the bucket TTL hands it over.
 */
import { fileURLToPath } from "node:url"
import { Kvm } from "@nats-io/kv"
import { connect } from "@nats-io/transport-node"
import { afterAll, describe, expect, inject, it } from "vitest"
import { type Spawned, spawnUntil } from "../support/spawn.ts"

const runner = fileURLToPath(new URL("./actor-lease-process.ts", import.meta.url))
const ttlMs = 1_500
const renewEveryMs = ttlMs / 3
const bucket = `actor_lease_${process.pid}_${Date.now()}`
const spawned: Spawned[] = []

const startHost = async (owner: string, key: string) => {
  const s = await spawnUntil(
    process.execPath,
    [runner, inject("natsUrl"), bucket, key, owner, String(ttlMs)],
    (l) => (l.startsWith("ready ") ? l : undefined),
    { timeoutMs: 20_000 }
  )
  spawned.push(s)
  return s
}

/** The times a host printed `started`, `handled` (one actor step) or `stopped`, in order. */
const events = (s: Spawned, what: "started" | "handled" | "stopped") =>
  [...s.log().matchAll(new RegExp(`^${what} \\S+ (\\d+)$`, "gm"))].map((m) => Number(m[1]))

/** The steps a host's actor handled outside the interval [from, to]. */
const stepsOutside = (s: Spawned, from: number, to: number) =>
  events(s, "handled").filter((t) => t < from || t > to)

const waitFor = async <A>(what: string, f: () => A | undefined, timeoutMs: number): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const v = f()
    if (v !== undefined) return v
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

afterAll(async () => {
  for (const s of spawned) await s.stop()
  const nc = await connect({ servers: inject("natsUrl") })
  await (await new Kvm(nc).open(bucket)).destroy().catch(() => false)
  await nc.close()
})

describe("actor lease across processes", () => {
  it("runs the key in one process at a time; SIGTERM hands over at once, kill -9 after the TTL", async () => {
    const key = "witness.k1"
    const a = await startHost("a", key)
    const aStarted = await waitFor("a to start", () => events(a, "started")[0], 10_000)
    const b = await startHost("b", key)
    await sleep(3 * ttlMs) // b polls every 100 ms, a renews every 500 ms
    expect(events(b, "started"), "b must wait while a holds the lease").toEqual([])

    await a.stop() // SIGTERM: the actor stops, then the lease is deleted
    const aStopped = events(a, "stopped")[0]
    expect(aStopped, "a prints stopped on SIGTERM").toBeGreaterThanOrEqual(aStarted)
    const bStarted = await waitFor("b to take over", () => events(b, "started")[0], 5_000)
    expect(bStarted).toBeGreaterThanOrEqual(aStopped)
    // A lease left to expire would take at least ttl - renewEvery (1000 ms) after a's last renewal.
    expect(bStarted - aStopped, "handed over by the delete, not by expiry").toBeLessThan(ttlMs / 2)

    const c = await startHost("c", key)
    await sleep(ttlMs)
    expect(events(c, "started"), "c must wait while b holds the lease").toEqual([])
    const exited = new Promise((r) => b.child.once("exit", r))
    b.child.kill("SIGKILL")
    await exited
    const bKilled = Date.now()
    const cStarted = await waitFor(
      "c to take over after the TTL",
      () => events(c, "started")[0],
      ttlMs + 5_000
    )
    expect(events(b, "stopped"), "kill -9 runs no finalizer").toEqual([])
    expect(cStarted - bKilled, "takeover waits for the entry to expire").toBeGreaterThanOrEqual(
      ttlMs - renewEveryMs - 150
    )
    expect(cStarted - bKilled, "takeover within TTL + margin").toBeLessThanOrEqual(ttlMs + 1_500)

    // No two incarnations overlap: a [start, stop], b [start, kill], c [start, ...).
    const intervals = [
      [aStarted, aStopped],
      [bStarted, bKilled],
      [cStarted, Number.POSITIVE_INFINITY]
    ]
    for (let i = 1; i < intervals.length; i++)
      expect(intervals[i][0]).toBeGreaterThanOrEqual(intervals[i - 1][1])
    expect(events(a, "started")).toHaveLength(1)
    expect(events(b, "started")).toHaveLength(1)
    expect(stepsOutside(a, aStarted, aStopped), "a handled steps only while it owned the key").toEqual([])
    expect(stepsOutside(b, bStarted, bKilled)).toEqual([])
    expect(await waitFor("c to handle a tick", () => events(c, "handled")[0], 2_000)).toBeGreaterThanOrEqual(
      cStarted
    )
  }, 60_000)

  it("a holder paused past its lease does no work after it resumes and stops its actor", async () => {
    const key = "witness.k2"
    const p = await startHost("p", key)
    const pStarted = await waitFor("p to start", () => events(p, "started")[0], 10_000)
    const q = await startHost("q", key)
    await sleep(ttlMs)
    process.kill(p.pid, "SIGSTOP") // a GC pause or a frozen VM, as the other processes see it
    const paused = Date.now()
    const qStarted = await waitFor("q to take over", () => events(q, "started")[0], ttlMs + 5_000)
    expect(qStarted - paused).toBeGreaterThanOrEqual(ttlMs - renewEveryMs - 150)
    await sleep(500)
    const resumed = Date.now()
    process.kill(p.pid, "SIGCONT")
    const pStopped = await waitFor("p to stop its actor", () => events(p, "stopped")[0], 5_000)
    expect(pStopped - resumed, "p stops as soon as it runs again").toBeLessThan(renewEveryMs)
    expect(stepsOutside(p, pStarted, paused), "no step after the pause").toEqual([])
    await sleep(2 * ttlMs)
    expect(events(p, "started"), "p waits while q holds the lease").toHaveLength(1)
    expect(events(q, "stopped")).toEqual([])
    expect(stepsOutside(q, qStarted, Date.now())).toEqual([])
  }, 60_000)
})
