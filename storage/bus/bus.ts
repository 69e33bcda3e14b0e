/**
 * The Bus seam: subject-addressed messages between actors and edges — publish, subscribe as a
 * stream, and request/reply where the reply is a stream. Two implementations: in-process and NATS
 * core. It lives in storage/ only because both actors/ and gateway/ must reach it and protocols/
 * does no I/O; it carries no durability (that is the DurableLog's job).
 */
import { Context, type Effect, Schema, type Scope, type Stream } from "effect"

/** A message as delivered to a subscriber or a request handler. */
export interface BusMessage {
  readonly subject: string
  readonly data: Uint8Array
  readonly headers?: Readonly<Record<string, string>>
}

export class BusUnavailableError extends Schema.TaggedError<BusUnavailableError>()("BusUnavailableError", {
  op: Schema.String,
  subject: Schema.String,
  cause: Schema.Defect()
}) {
  override get message() {
    return `bus ${this.op} on "${this.subject}" failed: ${String(this.cause)}`
  }
}

/** Nobody serves the subject a request went to. */
export class BusNoRespondersError extends Schema.TaggedError<BusNoRespondersError>()("BusNoRespondersError", {
  subject: Schema.String
}) {
  override get message() {
    return `bus request to "${this.subject}": no responders`
  }
}

/** The first reply, or the gap between two replies, took longer than the request's timeout. */
export class BusTimeoutError extends Schema.TaggedError<BusTimeoutError>()("BusTimeoutError", {
  subject: Schema.String,
  timeoutMs: Schema.Number
}) {
  override get message() {
    return `bus request to "${this.subject}": no reply within ${this.timeoutMs} ms`
  }
}

/** The responder's handler failed; its message travels back to the requester. */
export class BusRemoteError extends Schema.TaggedError<BusRemoteError>()("BusRemoteError", {
  subject: Schema.String,
  error: Schema.String
}) {
  override get message() {
    return `bus request to "${this.subject}" failed remotely: ${this.error}`
  }
}

export type BusRequestError = BusUnavailableError | BusNoRespondersError | BusTimeoutError | BusRemoteError

/**
 * Subjects follow NATS rules: `.`-separated tokens, `*` matches one token, `>` the rest (only in
 * subscriptions). Delivery is at most once, in publish order per publisher and subject.
 */
export class Bus extends Context.Service<
  Bus,
  {
    readonly publish: (
      subject: string,
      data: Uint8Array,
      headers?: Readonly<Record<string, string>>
    ) => Effect.Effect<void, BusUnavailableError>
    /**
     * Messages on `subject` from the moment the stream starts until it is stopped. With `queue`,
     * each message goes to one member of the queue group. The buffer is bounded (`bufferSize`,
     * default 1024) and drops the oldest message when a slow consumer lets it fill.
     */
    readonly subscribe: (
      subject: string,
      options?: { readonly queue?: string; readonly bufferSize?: number }
    ) => Stream.Stream<BusMessage, BusUnavailableError>
    /**
     * Serves requests on `subject` until the Scope closes: each request's reply is the handler's
     * stream, delivered in order and ended explicitly, or its failure as a BusRemoteError.
     */
    readonly serve: <E>(
      subject: string,
      handler: (request: BusMessage) => Stream.Stream<Uint8Array, E>,
      options?: { readonly queue?: string; readonly errorMessage?: (e: E) => string }
    ) => Effect.Effect<void, BusUnavailableError, Scope.Scope>
    /**
     * Sends one request and streams its replies until the responder ends them. `timeoutMs` bounds
     * the wait for each reply (first and every next one).
     */
    readonly request: (
      subject: string,
      data: Uint8Array,
      options: { readonly timeoutMs: number; readonly headers?: Readonly<Record<string, string>> }
    ) => Stream.Stream<Uint8Array, BusRequestError>
  }
>()("storage/bus/Bus") {}
