/**
 * The process's one NATS connection as a service: connected when the layer builds, drained (with a
 * time limit) when its Scope closes, reconnecting forever in between. The Bus, JetStream KV and
 * the JetStream log share it; it does not create streams, buckets or subscriptions itself.
 */
import { connect, type NatsConnection as NatsClient } from "@nats-io/transport-node"
import { Context, Effect, Layer, Schema } from "effect"

export class NatsConnectError extends Schema.TaggedError<NatsConnectError>()("NatsConnectError", {
  servers: Schema.String,
  cause: Schema.Defect()
}) {
  override get message() {
    return `cannot connect to NATS at ${this.servers}: ${this.cause instanceof Error ? this.cause.message : String(this.cause)}`
  }
}

export interface NatsConnectionOptions {
  /** Shown in the server's connection list (`nats server report connections`). */
  readonly name?: string
  /** Wait between reconnect attempts; default 250 ms. Attempts never stop. */
  readonly reconnectTimeWaitMs?: number
  /** Limit for the first connect; default 5000 ms. */
  readonly connectTimeoutMs?: number
  /** How long closing may spend draining subscriptions and flushing publishes; default 5000 ms. */
  readonly drainTimeoutMs?: number
}

export class NatsConnection extends Context.Service<
  NatsConnection,
  {
    /** The client; use it, never close it (the layer does). */
    readonly nc: NatsClient
    /** The largest message (data plus headers) the server accepts, from its INFO. */
    readonly maxPayloadBytes: () => number
  }
>()("storage/nats/NatsConnection") {
  /** One connection to `servers` (a URL such as `nats://127.0.0.1:4222`, or several of one cluster). */
  static readonly layer = (
    servers: string | ReadonlyArray<string>,
    options: NatsConnectionOptions = {}
  ): Layer.Layer<NatsConnection, NatsConnectError> =>
    Layer.effect(
      NatsConnection,
      Effect.map(acquire(servers, options), (nc) =>
        NatsConnection.of({ nc, maxPayloadBytes: () => nc.info?.max_payload ?? 1024 * 1024 })
      )
    )
}

/** Connects, and adds the drain to the current Scope. */
const acquire = (servers: string | ReadonlyArray<string>, options: NatsConnectionOptions) => {
  const list = typeof servers === "string" ? [servers] : [...servers]
  const drainTimeoutMs = options.drainTimeoutMs ?? 5000
  return Effect.acquireRelease(
    Effect.tryPromise({
      try: () =>
        connect({
          servers: list,
          name: options.name,
          maxReconnectAttempts: -1,
          reconnectTimeWait: options.reconnectTimeWaitMs ?? 250,
          timeout: options.connectTimeoutMs ?? 5000
        }),
      catch: (cause) => new NatsConnectError({ servers: list.join(","), cause })
    }),
    (nc) =>
      // drain: unsubscribe, let handlers finish, flush publishes, then close. Never fails.
      Effect.promise(() => nc.drain().catch(() => undefined)).pipe(
        Effect.timeoutOrElse({
          duration: drainTimeoutMs,
          orElse: () => Effect.promise(() => nc.close().catch(() => undefined))
        }),
        Effect.ignore
      )
  )
}
