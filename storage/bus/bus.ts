/**
 * The Bus seam: subject-addressed messages between actors and edges — publish, subscribe as a
 * stream, and request/reply where the reply is a stream. Two implementations: in-process
 * (memory-bus.ts) and NATS core (nats-bus.ts). It lives in storage/ only because both actors/ and
 * gateway/ must reach it and protocols/ does no I/O; it carries no durability (that is the
 * DurableLog's job).
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

/** A message (data plus headers) is larger than the bus carries in one piece. */
export class BusPayloadTooLargeError extends Schema.TaggedError<BusPayloadTooLargeError>()(
  "BusPayloadTooLargeError",
  { op: Schema.String, subject: Schema.String, sizeBytes: Schema.Number, maxBytes: Schema.Number }
) {
  override get message() {
    return `bus ${this.op} on "${this.subject}": payload of ${this.sizeBytes} bytes exceeds the limit of ${this.maxBytes} bytes`
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

/** The first reply, or the next one after the consumer asked for it, took longer than the timeout. */
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

export type BusRequestError =
  | BusUnavailableError
  | BusPayloadTooLargeError
  | BusNoRespondersError
  | BusTimeoutError
  | BusRemoteError

/** Subscription options. */
export interface SubscribeOptions {
  /** Queue group: each message goes to one member of the group (per subject pattern). */
  readonly queue?: string
  /** Messages buffered for a slow consumer before the oldest is dropped; default 1024. */
  readonly bufferSize?: number
}

/** Responder options. */
export interface ServeOptions<E> {
  /**
   * Queue group of the responders; default `"serve"`. Responders always form a group so that
   * each request reaches exactly one of them; two groups on one subject both answer, and the
   * requester then fails with a sequence error.
   */
  readonly queue?: string
  /** The text a handler failure carries to the requester; default `String(error)`. */
  readonly errorMessage?: (e: E) => string
}

export interface RequestOptions {
  /** Bounds the wait for the first reply and, after that, every wait of the consumer for the next. */
  readonly timeoutMs: number
  readonly headers?: Readonly<Record<string, string>>
}

export const defaultServeQueue = "serve"
export const defaultBufferSize = 1024

/**
 * Subjects follow NATS rules: `.`-separated non-empty tokens; `*` matches one token and `>` the
 * rest, only in subscriptions and `serve`. An invalid subject is a caller bug and dies (subjects
 * come from protocols/subjects.ts). Delivery is at most once, in publish order per publisher and
 * subject. A message's data plus headers must fit the payload limit (NATS's `max_payload`, 1 MiB by
 * default); reply chunks have no such limit (the NATS bus cuts and joins them).
 */
export class Bus extends Context.Service<
  Bus,
  {
    readonly publish: (
      subject: string,
      data: Uint8Array,
      headers?: Readonly<Record<string, string>>
    ) => Effect.Effect<void, BusUnavailableError | BusPayloadTooLargeError>
    /**
     * Messages on `subject` from the moment the subscription is registered (before the stream's
     * first pull returns) until the stream stops, which unsubscribes. The buffer is bounded and
     * drops the oldest message when a slow consumer lets it fill. Fails with BusUnavailableError
     * if the connection closes for good.
     */
    readonly subscribe: (
      subject: string,
      options?: SubscribeOptions
    ) => Stream.Stream<BusMessage, BusUnavailableError>
    /**
     * Serves requests on `subject` until the Scope closes (which interrupts handlers still
     * running): each request's reply is the handler's stream, delivered in order and ended
     * explicitly, or its failure as a BusRemoteError. A handler is paused while its requester is
     * a full window of messages behind (flow control), and interrupted if the requester stops.
     */
    readonly serve: <E>(
      subject: string,
      handler: (request: BusMessage) => Stream.Stream<Uint8Array, E>,
      options?: ServeOptions<E>
    ) => Effect.Effect<void, BusUnavailableError, Scope.Scope>
    /**
     * Sends one request and streams its replies until the responder ends them. Stopping the
     * stream early cancels the responder's handler. Memory held is bounded by the flow-control
     * window, whatever the reply length.
     */
    readonly request: (
      subject: string,
      data: Uint8Array,
      options: RequestOptions
    ) => Stream.Stream<Uint8Array, BusRequestError>
  }
>()("storage/bus/Bus") {}
