/**
 * The responder half of a streamed reply over NATS (stream-protocol.ts): numbers the messages,
 * cuts chunks larger than the part size, waits for credit, ends with an end or error marker. It
 * runs one request; nats-bus.ts routes requests and control messages to it.
 */
import { type Msg, type NatsConnection, headers as natsHeaders } from "@nats-io/transport-node"
import { Deferred, Effect, type Stream } from "effect"
import type { BusMessage } from "./bus.ts"
import { runHandler } from "./handler-run.ts"
import {
  ackHeader,
  creditHeader,
  errorHeader,
  Mark,
  partSizeBytes,
  seqHeader,
  streamHeader
} from "./stream-protocol.ts"

/** Credit state of one request, fed by the control subscription. */
export interface ReplyControl {
  acked: number
  waiter: Deferred.Deferred<void> | undefined
  /** Set once the handler's fiber exists; a cancel interrupts it. */
  interrupt: (() => void) | undefined
  cancelled: boolean
}

export const makeReplyControl = (): ReplyControl => ({
  acked: 0,
  waiter: undefined,
  interrupt: undefined,
  cancelled: false
})

/** Applies an ack or cancel from the requester. */
export const onControl = (control: ReplyControl, m: Msg): void => {
  const mark = m.headers?.get(streamHeader)
  if (mark === Mark.ack) {
    const seq = Number(m.headers?.get(seqHeader))
    if (Number.isSafeInteger(seq) && seq > control.acked) control.acked = seq
    const w = control.waiter
    control.waiter = undefined
    if (w) Deferred.doneUnsafe(w, Effect.void)
  } else if (mark === Mark.cancel) {
    control.cancelled = true
    control.interrupt?.()
  }
}

export interface SendOptions<E> {
  readonly nc: NatsConnection
  readonly request: Msg
  readonly message: BusMessage
  readonly controlSubject: string
  readonly control: ReplyControl
  readonly handler: (request: BusMessage) => Stream.Stream<Uint8Array, E>
  readonly errorMessage: ((e: E) => string) | undefined
  /** How long to wait for an ack when out of credit before giving the requester up. */
  readonly stallTimeoutMs: number
}

/** Runs the handler for one request and streams its replies to `request.reply`. */
export const sendReplies = <E>(o: SendOptions<E>): Effect.Effect<void> =>
  Effect.suspend(() => {
    const reply = o.request.reply as string
    const creditText = o.request.headers?.get(creditHeader)
    // A requester that is not ours (e.g. `nats request`) sends no credit: no flow control then.
    const credit = creditText ? Math.max(1, Number(creditText) || 1) : Number.POSITIVE_INFINITY
    const partBytes = partSizeBytes(o.nc.info?.max_payload ?? 1024 * 1024)
    let seq = 0
    let broken = false
    let stopReason = "the responder stopped before the reply ended"
    const send = (mark: Mark, data: Uint8Array, extra?: Record<string, string>): boolean => {
      if (broken) return false
      seq++
      const h = natsHeaders()
      h.set(streamHeader, mark)
      h.set(seqHeader, String(seq))
      if (seq === 1) h.set(ackHeader, o.controlSubject)
      if (extra) for (const [k, v] of Object.entries(extra)) h.set(k, v)
      try {
        o.nc.publish(reply, data, { headers: h })
        return true
      } catch {
        // The connection is closed: the requester can only time out now.
        broken = true
        return false
      }
    }
    const waitCredit = Effect.gen(function* () {
      while (seq - o.control.acked >= credit) {
        const w = Deferred.makeUnsafe<void>()
        o.control.waiter = w
        const acked = yield* Deferred.await(w).pipe(
          Effect.as(true),
          Effect.timeoutOrElse({ duration: o.stallTimeoutMs, orElse: () => Effect.succeed(false) })
        )
        if (!acked) {
          stopReason = `the responder gave up after ${o.stallTimeoutMs} ms without an ack`
          yield* Effect.logWarning(
            `bus reply to "${o.message.subject}": requester acknowledged nothing for ${o.stallTimeoutMs} ms; handler stopped`
          )
          return yield* Effect.interrupt
        }
      }
    })
    const emitParts = (chunk: Uint8Array) =>
      Effect.gen(function* () {
        let offset = 0
        do {
          yield* waitCredit
          const end = Math.min(chunk.length, offset + partBytes)
          const last = end === chunk.length
          if (!send(last ? Mark.data : Mark.part, chunk.subarray(offset, end))) return yield* Effect.interrupt
          offset = end
        } while (offset < chunk.length)
      })
    // The common case, a chunk of one message with credit left, stays synchronous (bus.bench.ts).
    const emit = (chunk: Uint8Array) =>
      Effect.suspend(() => {
        if (chunk.length > partBytes || seq - o.control.acked >= credit) return emitParts(chunk)
        return send(Mark.data, chunk) ? Effect.void : Effect.interrupt
      })
    if (o.control.cancelled) return Effect.void
    const sendError = (error: string) =>
      send(Mark.error, new TextEncoder().encode(error), { [errorHeader]: headerSafe(error) })
    return runHandler(o.handler(o.message), emit, o.errorMessage).pipe(
      Effect.map((error) => {
        if (error === undefined) send(Mark.end, new Uint8Array(0))
        else sendError(error)
      }),
      // Interrupted by the requester's cancel: it is gone. Otherwise tell it why the reply ends here.
      Effect.onInterrupt(() => Effect.sync(() => o.control.cancelled || sendError(stopReason)))
    )
  })

/** A one-line, bounded copy of an error message for the `Vesta-Error` header; the body has it all. */
const headerSafe = (text: string): string => {
  const line = text.replace(/[\r\n]+/g, " | ")
  return line.length > 256 ? `${line.slice(0, 253)}...` : line
}
