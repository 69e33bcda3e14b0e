/**
 * The Bus over core NATS: publish/subscribe with headers, queue groups, and request/reply with a
 * streamed reply on a fresh inbox (stream-protocol.ts framing). A request to a subject nobody
 * serves fails with BusNoRespondersError (NATS's 503 status message); each reply must come within
 * the timeout. Replies are bounded by NATS's max payload (1 MB default) per chunk.
 */
import { createInbox, type Msg, type NatsConnection, headers as natsHeaders } from "@nats-io/transport-node"
import { Effect, Queue, Stream } from "effect"
import {
  Bus,
  type BusMessage,
  BusNoRespondersError,
  BusRemoteError,
  BusTimeoutError,
  BusUnavailableError
} from "./bus.ts"
import { errorHeader, streamHeader } from "./stream-protocol.ts"

const toHeaders = (h?: Readonly<Record<string, string>>) => {
  if (!h) return undefined
  const out = natsHeaders()
  for (const [k, v] of Object.entries(h)) out.set(k, v)
  return out
}

const fromMsg = (m: Msg): BusMessage => {
  const h: Record<string, string> = {}
  if (m.headers) for (const [k, v] of m.headers) h[k] = v[0] ?? ""
  return { subject: m.subject, data: m.data, headers: Object.keys(h).length > 0 ? h : undefined }
}

export const natsBus = (nc: NatsConnection): Bus["Service"] =>
  Bus.of({
    publish: (subject, data, h) =>
      Effect.try({
        try: () => nc.publish(subject, data, { headers: toHeaders(h) }),
        catch: (cause) => new BusUnavailableError({ op: "publish", subject, cause })
      }),
    subscribe: (subject, options) =>
      Stream.callback<BusMessage, BusUnavailableError>(
        (queue) =>
          Effect.acquireRelease(
            Effect.try({
              try: () =>
                nc.subscribe(subject, {
                  queue: options?.queue,
                  callback: (_e, m) => {
                    Queue.offerUnsafe(queue, fromMsg(m))
                  }
                }),
              catch: (cause) => new BusUnavailableError({ op: "subscribe", subject, cause })
            }),
            (sub) => Effect.sync(() => sub.unsubscribe())
          ),
        { bufferSize: options?.bufferSize ?? 1024, strategy: "sliding" }
      ),
    serve: (subject, handler, options) =>
      Effect.acquireRelease(
        Effect.try({
          try: () =>
            nc.subscribe(subject, {
              queue: options?.queue,
              callback: (_e, m) => {
                const reply = m.reply
                if (!reply) return
                const mark = (kind: string, extra?: Record<string, string>) =>
                  toHeaders({ [streamHeader]: kind, ...extra })
                Effect.runFork(
                  handler(fromMsg(m)).pipe(
                    Stream.runForEach((chunk) =>
                      Effect.sync(() => nc.publish(reply, chunk, { headers: mark("data") }))
                    ),
                    Effect.matchCause({
                      onSuccess: () => nc.publish(reply, new Uint8Array(), { headers: mark("end") }),
                      onFailure: (cause) => {
                        const failure = cause.reasons.find((x) => x._tag === "Fail") as
                          | { error?: unknown }
                          | undefined
                        const e = failure?.error
                        const text =
                          e !== undefined && options?.errorMessage
                            ? options.errorMessage(e as never)
                            : String(e ?? cause)
                        nc.publish(reply, new Uint8Array(), {
                          headers: mark("error", { [errorHeader]: text })
                        })
                      }
                    })
                  )
                )
              }
            }),
          catch: (cause) => new BusUnavailableError({ op: "serve", subject, cause })
        }),
        (sub) => Effect.sync(() => sub.unsubscribe())
      ).pipe(Effect.asVoid),
    request: (subject, data, options) =>
      Stream.callback<
        Uint8Array,
        BusUnavailableError | BusNoRespondersError | BusTimeoutError | BusRemoteError
      >((queue) =>
        Effect.gen(function* () {
          const inbox = createInbox()
          let timer: ReturnType<typeof setTimeout> | undefined
          const arm = () => {
            clearTimeout(timer)
            timer = setTimeout(
              () =>
                Effect.runFork(
                  Queue.fail(queue, new BusTimeoutError({ subject, timeoutMs: options.timeoutMs }))
                ),
              options.timeoutMs
            )
          }
          const sub = nc.subscribe(inbox, {
            callback: (_e, m) => {
              const status = m.headers?.code
              if (status === 503) {
                clearTimeout(timer)
                Effect.runFork(Queue.fail(queue, new BusNoRespondersError({ subject })))
                return
              }
              const kind = m.headers?.get(streamHeader)
              if (kind === "end") {
                clearTimeout(timer)
                Effect.runFork(Queue.end(queue))
              } else if (kind === "error") {
                clearTimeout(timer)
                Effect.runFork(
                  Queue.fail(queue, new BusRemoteError({ subject, error: m.headers?.get(errorHeader) ?? "" }))
                )
              } else {
                arm()
                Queue.offerUnsafe(queue, m.data)
              }
            }
          })
          yield* Effect.addFinalizer(() =>
            Effect.sync(() => {
              clearTimeout(timer)
              sub.unsubscribe()
            })
          )
          arm()
          yield* Effect.try({
            try: () => nc.publish(subject, data, { reply: inbox, headers: toHeaders(options.headers) }),
            catch: (cause) => new BusUnavailableError({ op: "request", subject, cause })
          })
        })
      )
  })
