/**
 * A process for actor-lease.integration.test.ts: hosts one actor key under a JetStream KV lease and
 * prints `started|handled|stopped <key> <ms>` as incarnations begin, handle ticks and end. It is a
 * test runner only, not a deployable process (actors/main.ts is).
 * Usage: node actor-lease-process.ts <natsUrl> <bucket> <key> <owner> <ttlMs>
 */
import { NodeRuntime } from "@effect/platform-node"
import { connect } from "@nats-io/transport-node"
import { Effect, Layer, Schedule } from "effect"
import type { ActorDefinition } from "../../actors/runtime/actor.ts"
import { ActorHost } from "../../actors/runtime/actor-host.ts"
import { leaseConfig } from "../../actors/runtime/lease.ts"
import { natsKvStore } from "../../storage/kv/jetstream-kv.ts"
import { KvStore } from "../../storage/kv/key-value.ts"

const [natsUrl, bucket, key, owner, ttl] = process.argv.slice(2)
if (!natsUrl || !bucket || !key || !owner || !ttl) {
  process.stderr.write("usage: actor-lease-process.ts <natsUrl> <bucket> <key> <owner> <ttlMs>\n")
  process.exit(2)
}
// Written synchronously (stdout is a pipe), so a line printed before kill -9 is never lost.
const say = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

/** Counts ticks; its lifetime is what the test watches. */
const witness: ActorDefinition<"Tick", number, "Ticked"> = {
  kind: "lease-witness",
  initial: 0,
  decide: () => ["Ticked"],
  evolve: (n) => n + 1,
  recover: (initial) =>
    Effect.gen(function* () {
      yield* say(`started ${key} ${Date.now()}`)
      yield* Effect.addFinalizer(() => say(`stopped ${key} ${Date.now()}`))
      return initial
    }),
  handle: () => say(`handled ${key} ${Date.now()}`),
  ticks: [{ schedule: Schedule.spaced("100 millis"), message: () => "Tick" }]
}

const Nats = Layer.effect(
  KvStore,
  Effect.map(
    Effect.acquireRelease(
      Effect.promise(() => connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 100 })),
      (nc) => Effect.promise(() => nc.drain()).pipe(Effect.timeout("2 seconds"), Effect.ignore)
    ),
    natsKvStore
  )
)

const Main = Layer.effectDiscard(
  Effect.gen(function* () {
    const host = yield* ActorHost
    yield* host.start(key, witness)
    yield* say(`ready ${owner} ${Date.now()}`)
  })
).pipe(
  Layer.provide(ActorHost.layer({ bucket, owner, lease: leaseConfig(Number(ttl), { acquireRetryMs: 100 }) })),
  Layer.provide(Nats)
)

NodeRuntime.runMain(Layer.launch(Main))
