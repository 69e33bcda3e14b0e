/**
 * The Bus over core NATS: publish/subscribe with headers and queue groups, and request/reply with
 * a streamed, flow-controlled reply on a fresh inbox (stream-protocol.ts; halves in
 * nats-reply-sender.ts and nats-reply-receiver.ts). It borrows the connection from
 * NatsConnection and never closes it; it adds no retries (core NATS is at most once).
 */
import {
  createInbox,
  type Msg,
  type NatsConnection as NatsClient,
  headers as natsHeaders
} from "@nats-io/transport-node"
import { Cause, Effect, FiberSet, Layer, Queue, Stream } from "effect"
import { NatsConnection } from "../nats/nats-connection.ts"
import {
  Bus,
  type BusMessage,
  BusPayloadTooLargeError,
  BusUnavailableError,
  defaultBufferSize,
  defaultServeQueue
} from "./bus.ts"
import { requestStream } from "./nats-reply-receiver.ts"
import { makeReplyControl, onControl, type ReplyControl, sendReplies } from "./nats-reply-sender.ts"
import { defaultCreditMessages, isProtocolHeader, payloadSizeBytes } from "./stream-protocol.ts"
import { assertSubject } from "./subject-match.ts"

export interface NatsBusOptions {
  /** Reply messages a responder may send ahead of its requester's acks; default 64. */
  readonly creditMessages?: number
  /** A responder out of credit gives its requester up after this long without an ack; default 30 s. */
  readonly stallTimeoutMs?: number
}

const toHeaders = (h: Readonly<Record<string, string>> | undefined) => {
  if (h === undefined) return undefined
  const out = natsHeaders()
  for (const [k, v] of Object.entries(h)) out.set(k, v)
  return out
}

const fromMsg = (m: Msg): BusMessage => {
  if (!m.headers) return { subject: m.subject, data: m.data }
  const h: Record<string, string> = {}
  let any = false
  for (const [k, v] of m.headers) {
    if (isProtocolHeader(k)) continue
    h[k] = v[0] ?? ""
    any = true
  }
  return any ? { subject: m.subject, data: m.data, headers: h } : { subject: m.subject, data: m.data }
}

const isMaxPayload = (e: unknown) => e instanceof Error && /max_payload/.test(e.message)

export const natsBus = (nc: NatsClient, options: NatsBusOptions = {}): Bus["Service"] => {
  const creditMessages = options.creditMessages ?? defaultCreditMessages
  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000

  const publish: Bus["Service"]["publish"] = (subject, data, headers) =>
    Effect.suspend(() => {
      assertSubject(subject, false)
      return Effect.try({
        try: () => nc.publish(subject, data, { headers: toHeaders(headers) }),
        catch: (cause) =>
          isMaxPayload(cause)
            ? new BusPayloadTooLargeError({
                op: "publish",
                subject,
                sizeBytes: payloadSizeBytes(data, headers),
                maxBytes: nc.info?.max_payload ?? 0
              })
            : new BusUnavailableError({ op: "publish", subject, cause })
      })
    })

  const subscribe: Bus["Service"]["subscribe"] = (subject, options) =>
    Stream.callback<BusMessage, BusUnavailableError>(
      (queue) =>
        Effect.acquireRelease(
          Effect.try({
            try: () => {
              assertSubject(subject, true)
              const state = { released: false }
              const sub = nc.subscribe(subject, {
                queue: options?.queue,
                callback: (_err, m) => {
                  Queue.offerUnsafe(queue, fromMsg(m))
                }
              })
              // Closed by the server or the connection, not by us: the stream fails.
              sub.closed.then((err) => {
                if (state.released) return
                const cause = err ?? "the connection closed"
                Queue.failCauseUnsafe(
                  queue,
                  Cause.fail(new BusUnavailableError({ op: "subscribe", subject, cause }))
                )
              })
              return { sub, state }
            },
            catch: (cause) => new BusUnavailableError({ op: "subscribe", subject, cause })
          }),
          ({ sub, state }) =>
            Effect.sync(() => {
              state.released = true
              sub.unsubscribe()
            })
        ),
      { bufferSize: options?.bufferSize ?? defaultBufferSize, strategy: "sliding" }
    )

  const serve: Bus["Service"]["serve"] = (subject, handler, serveOptions) =>
    Effect.gen(function* () {
      yield* Effect.sync(() => assertSubject(subject, true))
      // Finalizers run in reverse: the subscriptions go first, then running handlers are interrupted.
      const fibers = yield* FiberSet.make<void>()
      const fork = yield* FiberSet.runtime(fibers)()
      const controls = new Map<string, ReplyControl>()
      const controlPrefix = createInbox()
      let nextId = 0
      const subscribe = (pattern: string, queue: string | undefined, callback: (m: Msg) => void) =>
        Effect.acquireRelease(
          Effect.try({
            try: () => nc.subscribe(pattern, { queue, callback: (_err, m) => callback(m) }),
            catch: (cause) => new BusUnavailableError({ op: "serve", subject, cause })
          }),
          (sub) => Effect.sync(() => sub.unsubscribe())
        )
      yield* subscribe(`${controlPrefix}.*`, undefined, (m) => {
        const control = controls.get(m.subject.slice(controlPrefix.length + 1))
        if (control) onControl(control, m)
      })
      yield* subscribe(subject, serveOptions?.queue ?? defaultServeQueue, (m) => {
        if (!m.reply) return // a publish, not a request: nobody to answer
        const id = String(++nextId)
        const control = makeReplyControl()
        controls.set(id, control)
        const fiber = fork(
          sendReplies({
            nc,
            request: m,
            message: fromMsg(m),
            controlSubject: `${controlPrefix}.${id}`,
            control,
            handler,
            errorMessage: serveOptions?.errorMessage,
            stallTimeoutMs
          }).pipe(Effect.ensuring(Effect.sync(() => controls.delete(id))))
        )
        control.interrupt = () => fiber.interruptUnsafe()
      })
    })

  const request: Bus["Service"]["request"] = (subject, data, requestOptions) =>
    requestStream(nc, subject, data, requestOptions, creditMessages)

  return Bus.of({ publish, subscribe, serve, request })
}

/** The NATS Bus as a layer on the shared connection. */
export const NatsBus = {
  make: natsBus,
  layer: (options?: NatsBusOptions): Layer.Layer<Bus, never, NatsConnection> =>
    Layer.effect(
      Bus,
      Effect.gen(function* () {
        return natsBus((yield* NatsConnection).nc, options)
      })
    )
} as const
