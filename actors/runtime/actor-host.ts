/**
 * The actor host: runs keyed actors, each only while this process holds the key's lease, under
 * supervision, one fiber per key in a FiberMap. It does not choose which keys a process should
 * try to own (the composition root does) nor move messages between processes (NATS does).
 */
import { Context, Effect, FiberMap, Layer, Ref } from "effect"
import type { KvBucket } from "../../storage/kv/key-value.ts"
import { KvStore } from "../../storage/kv/key-value.ts"
import { type ActorDefinition, actorLimits, type Mailbox, makeMailbox, runActor, send } from "./actor.ts"
import { acquireLease, type LeaseConfig, leaseConfig } from "./lease.ts"
import { type SupervisorConfig, supervise } from "./supervisor.ts"

/** "waiting": another process holds the lease (or the store is down); "running": ours. */
export type ActorPhase = "waiting" | "running"

export interface ActorStatus {
  readonly key: string
  readonly kind: string
  readonly phase: ActorPhase
  /** Restarts after failures or defects since `start` (a metric: never reset). */
  readonly restarts: number
  /** Times this host took the lease since `start`. */
  readonly acquisitions: number
}

export interface ActorRef<Msg> {
  readonly key: string
  /**
   * Queues a message; suspends while the mailbox is full. The mailbox belongs to this host's
   * entry for the key: while another process owns the key, messages wait here (bounded).
   */
  readonly send: (msg: Msg) => Effect.Effect<void>
  readonly status: Effect.Effect<ActorStatus>
}

/** Lease keys are NATS KV keys: `[A-Za-z0-9_=.-]` segments separated by single dots. */
const validKey = /^[A-Za-z0-9_=-]+(\.[A-Za-z0-9_=-]+)*$/

interface Entry {
  readonly kind: string
  readonly phase: Ref.Ref<ActorPhase>
  readonly restarts: Ref.Ref<number>
  readonly acquisitions: Ref.Ref<number>
}

const statusOf = (key: string, e: Entry): Effect.Effect<ActorStatus> =>
  Effect.all({
    phase: Ref.get(e.phase),
    restarts: Ref.get(e.restarts),
    acquisitions: Ref.get(e.acquisitions)
  }).pipe(Effect.map((s) => ({ key, kind: e.kind, ...s })))

/**
 * Runs `def` for `key` only while holding its lease, forever: wait for the lease, run the
 * supervised actor, and the moment the lease is lost interrupt the actor (its finalizers run)
 * and go back to waiting. Interrupting this effect stops the actor, then releases the lease.
 */
const runOwned = <Msg, State, Event, E, R>(options: {
  readonly bucket: KvBucket
  readonly key: string
  readonly owner: string
  readonly lease: LeaseConfig
  readonly supervisor?: Partial<SupervisorConfig> | undefined
  readonly def: ActorDefinition<Msg, State, Event, E, R>
  readonly mailbox: Mailbox<Msg>
  readonly entry: Entry
}): Effect.Effect<void, never, R> => {
  const { bucket, key, owner, def, entry } = options
  const actor = (ensureHeld: Effect.Effect<void>) =>
    supervise(runActor(def, options.mailbox, { beforeStep: ensureHeld }), {
      name: `${def.kind}/${key}`,
      config: options.supervisor,
      restarts: entry.restarts
    })
  const holding = Effect.scoped(
    Effect.gen(function* () {
      const lease = yield* acquireLease(bucket, key, owner, options.lease)
      yield* Ref.update(entry.acquisitions, (n) => n + 1)
      yield* Ref.set(entry.phase, "running")
      yield* Effect.logInfo(`actor ${def.kind}/${key} owned by ${owner}`)
      // Whichever ends first wins: on loss the actor is interrupted (and awaited) at once. The
      // actor also checks the lease's clock before each step (see Lease.ensureHeld).
      yield* Effect.raceFirst(actor(lease.ensureHeld), lease.lost)
    }).pipe(Effect.ensuring(Ref.set(entry.phase, "waiting")))
  )
  return Effect.gen(function* () {
    while (true) {
      const r = yield* Effect.result(holding)
      if (r._tag === "Success") return // the actor stopped by itself: give the key up
      yield* Effect.logWarning(r.failure.message)
    }
  }).pipe(Effect.annotateLogs({ actor: `${def.kind}/${key}` }))
}

export interface ActorHostOptions {
  /** KV bucket of the leases; its TTL is `lease.ttlMs`. */
  readonly bucket: string
  /** This process in lease records; unique per process (host name, pid, random suffix). */
  readonly owner: string
  readonly lease: LeaseConfig
  readonly supervisor?: Partial<SupervisorConfig> | undefined
}

export class ActorHost extends Context.Service<
  ActorHost,
  {
    readonly owner: string
    /**
     * Starts trying to own `key` and run `def` there. A key already started is replaced: its old
     * actor stops (finalizers run, lease given back) first.
     */
    readonly start: <Msg, State, Event, E, R>(
      key: string,
      def: ActorDefinition<Msg, State, Event, E, R>
    ) => Effect.Effect<ActorRef<Msg>, never, R>
    /** Stops the actor for `key` (finalizers run) and gives its lease back; no-op if absent. */
    readonly stop: (key: string) => Effect.Effect<void>
    /** Every started key, sorted, waiting or running. */
    readonly list: Effect.Effect<ReadonlyArray<ActorStatus>>
  }
>()("actors/runtime/ActorHost") {
  /** On a bucket opened from `KvStore`; closing the layer stops every actor and frees its lease. */
  static readonly layer = (options: ActorHostOptions) =>
    Layer.effect(
      ActorHost,
      Effect.gen(function* () {
        const kv = yield* KvStore
        const bucket = yield* kv.bucket(options.bucket, { ttlMs: options.lease.ttlMs })
        return yield* makeActorHost(bucket, options)
      })
    )
}

/** The host on an already opened bucket (tests, or a root that shares one bucket). */
export const makeActorHost = Effect.fn("ActorHost.make")(function* (
  bucket: KvBucket,
  options: Omit<ActorHostOptions, "bucket">
) {
  const lease = leaseConfig(options.lease.ttlMs, options.lease)
  const fibers = yield* FiberMap.make<string>()
  const entries = new Map<string, Entry>()

  const start = Effect.fn("ActorHost.start")(function* <Msg, State, Event, E, R>(
    key: string,
    def: ActorDefinition<Msg, State, Event, E, R>
  ) {
    if (!validKey.test(key)) {
      return yield* Effect.die(
        new RangeError(`invalid actor key "${key}": use [A-Za-z0-9_=-] segments separated by "."`)
      )
    }
    yield* FiberMap.remove(fibers, key)
    const mailbox = yield* makeMailbox<Msg>(actorLimits(def))
    const entry: Entry = {
      kind: def.kind,
      phase: yield* Ref.make<ActorPhase>("waiting"),
      restarts: yield* Ref.make(0),
      acquisitions: yield* Ref.make(0)
    }
    entries.set(key, entry)
    const owned = runOwned({
      bucket,
      key,
      owner: options.owner,
      lease,
      supervisor: options.supervisor,
      def,
      mailbox,
      entry
    })
    yield* FiberMap.run(
      fibers,
      key,
      owned.pipe(Effect.ensuring(Effect.sync(() => entries.get(key) === entry && entries.delete(key))))
    )
    const ref: ActorRef<Msg> = { key, send: (msg) => send(mailbox, msg), status: statusOf(key, entry) }
    return ref
  })

  const stop = Effect.fn("ActorHost.stop")(function* (key: string) {
    yield* FiberMap.remove(fibers, key)
    entries.delete(key)
  })

  const list = Effect.suspend(() =>
    Effect.forEach(
      [...entries.keys()].sort().map((k) => [k, entries.get(k) as Entry] as const),
      ([k, e]) => statusOf(k, e)
    )
  )

  return ActorHost.of({ owner: options.owner, start, stop, list })
})
