/**
 * The in-process Bus: subscribers and responders in maps, NATS subject matching, queue groups
 * served round-robin, bounded subscriber buffers that drop the oldest message, streamed replies
 * with backpressure (a bounded reply queue) instead of the NATS bus's credits. Messages stay
 * Uint8Array and the payload limit is NATS's, so code paths and failures match the NATS bus.
 */
import { type Cause, Effect, Fiber, FiberSet, Layer, Queue, Stream } from "effect"
import {
  Bus,
  type BusMessage,
  BusNoRespondersError,
  BusPayloadTooLargeError,
  BusRemoteError,
  type BusRequestError,
  BusTimeoutError,
  defaultBufferSize,
  defaultServeQueue
} from "./bus.ts"
import { runHandler } from "./handler-run.ts"
import { defaultCreditMessages, defaultMaxPayloadBytes, payloadSizeBytes } from "./stream-protocol.ts"
import { assertSubject, subjectMatches } from "./subject-match.ts"
import { timedQueueStream } from "./timed-queue-stream.ts"

export interface MemoryBusOptions {
  /** Largest data plus headers of a published message or request; default 1 MiB like NATS. */
  readonly maxPayloadBytes?: number
  /** Reply chunks a handler may run ahead of its requester; default 64. */
  readonly creditMessages?: number
}

const stoppedEarly = "the responder stopped before the reply ended"

type ReplyQueue = Queue.Queue<Uint8Array, BusRequestError | Cause.Done>

/** Members of one queue group on one pattern (a plain subscriber is a group of one). */
interface Group<M> {
  readonly pattern: string
  readonly members: Array<M>
  next: number
}

/** Registers members under (queue, pattern); picks one per message, round-robin. */
const groupRegistry = <M>() => {
  const groups = new Map<string | symbol, Group<M>>()
  return {
    groups,
    add: (pattern: string, queue: string | undefined, member: M) => {
      const id = queue === undefined ? Symbol(pattern) : `${queue}\u0000${pattern}`
      let g = groups.get(id)
      if (!g) groups.set(id, (g = { pattern, members: [], next: 0 }))
      g.members.push(member)
      return () => {
        const i = g.members.indexOf(member)
        if (i >= 0) g.members.splice(i, 1)
        if (g.members.length === 0) groups.delete(id)
      }
    },
    pick: (g: Group<M>): M => g.members[g.next++ % g.members.length]
  }
}

interface Responder {
  readonly start: (request: BusMessage, out: ReplyQueue) => Fiber.Fiber<void>
}

export const memoryBus = (options?: MemoryBusOptions): Bus["Service"] => {
  const maxPayloadBytes = options?.maxPayloadBytes ?? defaultMaxPayloadBytes
  const creditMessages = options?.creditMessages ?? defaultCreditMessages
  const subscribers = groupRegistry<(m: BusMessage) => void>()
  const responders = groupRegistry<Responder>()

  const checkSize = (
    op: string,
    subject: string,
    data: Uint8Array,
    headers?: Readonly<Record<string, string>>
  ) => {
    const sizeBytes = payloadSizeBytes(data, headers)
    return sizeBytes > maxPayloadBytes
      ? Effect.fail(new BusPayloadTooLargeError({ op, subject, sizeBytes, maxBytes: maxPayloadBytes }))
      : Effect.void
  }

  const publish: Bus["Service"]["publish"] = (subject, data, headers) =>
    Effect.suspend(() => {
      assertSubject(subject, false)
      return checkSize("publish", subject, data, headers)
    }).pipe(
      Effect.andThen(
        Effect.sync(() => {
          const m: BusMessage = headers ? { subject, data, headers: { ...headers } } : { subject, data }
          for (const g of subscribers.groups.values()) {
            if (subjectMatches(g.pattern, subject)) subscribers.pick(g)(m)
          }
        })
      )
    )

  const subscribe: Bus["Service"]["subscribe"] = (subject, options) =>
    Stream.callback<BusMessage>(
      (queue) =>
        Effect.acquireRelease(
          Effect.sync(() => {
            assertSubject(subject, true)
            return subscribers.add(subject, options?.queue, (m) => {
              Queue.offerUnsafe(queue, m)
            })
          }),
          (remove) => Effect.sync(remove)
        ),
      { bufferSize: options?.bufferSize ?? defaultBufferSize, strategy: "sliding" }
    )

  const serve: Bus["Service"]["serve"] = (subject, handler, options) =>
    Effect.gen(function* () {
      yield* Effect.sync(() => assertSubject(subject, true))
      // Handlers run in this set: closing the serve Scope interrupts the ones still running.
      const fibers = yield* FiberSet.make<void>()
      const fork = yield* FiberSet.runtime(fibers)()
      const responder: Responder = {
        start: (request, out) =>
          fork(
            runHandler(
              handler(request),
              (chunk) => Queue.offer(out, chunk).pipe(Effect.asVoid),
              options?.errorMessage
            ).pipe(
              Effect.flatMap((error) =>
                error === undefined
                  ? Queue.end(out)
                  : Queue.fail(out, new BusRemoteError({ subject: request.subject, error }))
              ),
              Effect.asVoid,
              // The serve Scope closed mid-reply (a cancel shuts `out` down first, so this is a no-op then).
              Effect.onInterrupt(() =>
                Queue.fail(out, new BusRemoteError({ subject: request.subject, error: stoppedEarly }))
              )
            )
          )
      }
      const remove = responders.add(subject, options?.queue ?? defaultServeQueue, responder)
      yield* Effect.addFinalizer(() => Effect.sync(remove))
    })

  const request: Bus["Service"]["request"] = (subject, data, options) =>
    timedQueueStream<Uint8Array, BusRequestError>({
      capacity: creditMessages,
      timeoutMs: options.timeoutMs,
      onTimeout: () => new BusTimeoutError({ subject, timeoutMs: options.timeoutMs }),
      setup: (queue) =>
        Effect.gen(function* () {
          yield* Effect.sync(() => assertSubject(subject, false))
          yield* checkSize("request", subject, data, options.headers)
          let group: Group<Responder> | undefined
          for (const g of responders.groups.values()) {
            if (subjectMatches(g.pattern, subject)) {
              group = g
              break
            }
          }
          if (group === undefined) return yield* new BusNoRespondersError({ subject })
          const request: BusMessage = options.headers
            ? { subject, data, headers: { ...options.headers } }
            : { subject, data }
          const fiber = responders.pick(group).start(request, queue)
          // Stopping the reply stream early cancels the handler.
          yield* Effect.addFinalizer(() => Fiber.interrupt(fiber))
        })
    })

  return Bus.of({ publish, subscribe, serve, request })
}

/** The in-process Bus as a layer (one bus per layer build). */
export const MemoryBus = {
  make: memoryBus,
  layer: (options?: MemoryBusOptions): Layer.Layer<Bus> => Layer.sync(Bus, () => memoryBus(options))
} as const
