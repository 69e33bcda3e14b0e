/**
 * The requester half of a streamed reply over NATS (stream-protocol.ts): a fresh inbox, the
 * request with reply-to and credit, sequence checks, joining of parts, acks as the consumer pulls,
 * cancel on early stop. It does not serve requests (nats-reply-sender.ts does).
 */
import { createInbox, type Msg, type NatsConnection, headers as natsHeaders } from "@nats-io/transport-node"
import { Cause, Effect, Queue, Stream } from "effect"
import {
  BusNoRespondersError,
  BusPayloadTooLargeError,
  BusRemoteError,
  type BusRequestError,
  BusTimeoutError,
  BusUnavailableError,
  type RequestOptions
} from "./bus.ts"
import {
  ackHeader,
  creditHeader,
  Mark,
  payloadSizeBytes,
  seqHeader,
  streamHeader
} from "./stream-protocol.ts"
import { assertSubject } from "./subject-match.ts"
import { timedQueueStream } from "./timed-queue-stream.ts"

interface Reply {
  readonly data: Uint8Array
  readonly seq: number
}

const join = (parts: Array<Uint8Array>, last: Uint8Array): Uint8Array => {
  if (parts.length === 0) return last
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, last.length))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  out.set(last, at)
  parts.length = 0
  return out
}

const isMaxPayload = (e: unknown) => e instanceof Error && /max_payload/.test(e.message)

export const requestStream = (
  nc: NatsConnection,
  subject: string,
  data: Uint8Array,
  options: RequestOptions,
  creditMessages: number
): Stream.Stream<Uint8Array, BusRequestError> =>
  Stream.suspend(() => {
    const ackEvery = Math.max(1, Math.floor(creditMessages / 2))
    const state = { expected: 1, acked: 0, control: undefined as string | undefined, finished: false }
    const parts: Array<Uint8Array> = []
    const sendControl = (mark: Mark, seq: number) => {
      if (state.control === undefined) return
      const h = natsHeaders()
      h.set(streamHeader, mark)
      h.set(seqHeader, String(seq))
      try {
        nc.publish(state.control, new Uint8Array(0), { headers: h })
      } catch {
        // Closed connection: the responder stalls out on its own.
      }
    }
    const ack = (seq: number) => {
      if (seq - state.acked < ackEvery) return
      state.acked = seq
      sendControl(Mark.ack, seq)
    }

    const replies = timedQueueStream<Reply, BusRequestError>({
      timeoutMs: options.timeoutMs,
      onTimeout: () => new BusTimeoutError({ subject, timeoutMs: options.timeoutMs }),
      setup: (queue) =>
        Effect.gen(function* () {
          yield* Effect.sync(() => assertSubject(subject, false))
          const maxBytes = nc.info?.max_payload ?? 1024 * 1024
          const sizeBytes = payloadSizeBytes(data, options.headers) + 32
          if (sizeBytes > maxBytes) {
            return yield* new BusPayloadTooLargeError({ op: "request", subject, sizeBytes, maxBytes })
          }
          const fail = (e: BusRequestError) => {
            state.finished = true
            Queue.failCauseUnsafe(queue, Cause.fail(e))
          }
          const onReply = (m: Msg) => {
            if (state.finished) return
            if (m.headers?.code === 503) return fail(new BusNoRespondersError({ subject }))
            const seq = Number(m.headers?.get(seqHeader))
            if (seq !== state.expected) {
              return fail(
                new BusUnavailableError({
                  op: "request",
                  subject,
                  cause: `reply stream broken: expected message ${state.expected}, got ${m.headers?.get(seqHeader) || "one without a sequence number"} (messages lost, or more than one responder)`
                })
              )
            }
            state.expected++
            if (seq === 1) state.control = m.headers?.get(ackHeader) || undefined
            const mark = m.headers?.get(streamHeader)
            if (mark === Mark.part) {
              parts.push(m.data)
              ack(seq) // parts are held here, not in the queue: credit them now, or a big chunk deadlocks
            } else if (mark === Mark.data) {
              Queue.offerUnsafe(queue, { data: join(parts, m.data), seq })
            } else if (mark === Mark.end) {
              state.finished = true
              Queue.endUnsafe(queue)
            } else if (mark === Mark.error) {
              fail(new BusRemoteError({ subject, error: new TextDecoder().decode(m.data) }))
            } else {
              fail(
                new BusUnavailableError({ op: "request", subject, cause: `unknown reply marker "${mark}"` })
              )
            }
          }
          const inbox = createInbox()
          const sub = yield* Effect.try({
            try: () => nc.subscribe(inbox, { callback: (_err, m) => onReply(m) }),
            catch: (cause) => new BusUnavailableError({ op: "request", subject, cause })
          })
          sub.closed.then((err) => {
            if (!state.finished) {
              fail(new BusUnavailableError({ op: "request", subject, cause: err ?? "the connection closed" }))
            }
          })
          yield* Effect.addFinalizer(() =>
            Effect.sync(() => {
              // Stopped before the end: tell the responder to stop its handler.
              if (!state.finished) sendControl(Mark.cancel, state.expected - 1)
              state.finished = true
              sub.unsubscribe()
            })
          )
          const h = natsHeaders()
          for (const [k, v] of Object.entries(options.headers ?? {})) h.set(k, v)
          h.set(creditHeader, String(creditMessages))
          yield* Effect.try({
            try: () => nc.publish(subject, data, { reply: inbox, headers: h }),
            catch: (cause) =>
              isMaxPayload(cause)
                ? new BusPayloadTooLargeError({ op: "request", subject, sizeBytes, maxBytes })
                : new BusUnavailableError({ op: "request", subject, cause })
          })
        })
    })
    return replies.pipe(
      // The consumer pulled these: give the responder credit for them.
      Stream.map((r) => {
        ack(r.seq)
        return r.data
      })
    )
  })
