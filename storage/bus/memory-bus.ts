/**
 * The in-process Bus: subscribers and responders in maps, NATS subject matching, queue groups
 * served round-robin, bounded subscriber buffers that drop the oldest message, streamed replies.
 * Messages stay Uint8Array so the code paths match the NATS bus.
 */
import { Effect, Queue, Stream } from "effect"
import { Bus, type BusMessage, BusNoRespondersError, BusRemoteError, BusTimeoutError } from "./bus.ts"
import { subjectMatches } from "./subject-match.ts"

interface Subscriber {
  readonly pattern: string
  readonly queue?: string
  readonly deliver: (m: BusMessage) => void
}

export const memoryBus = (): Bus["Service"] => {
  const subs = new Set<Subscriber>()
  const rr = new Map<string, number>()
  const dispatch = (m: BusMessage) => {
    const groups = new Map<string, Subscriber[]>()
    for (const s of subs) {
      if (!subjectMatches(s.pattern, m.subject)) continue
      if (s.queue === undefined) s.deliver(m)
      else {
        const key = `${s.queue}\u0000${s.pattern}`
        const g = groups.get(key) ?? []
        g.push(s)
        groups.set(key, g)
      }
    }
    for (const [key, members] of groups) {
      const i = (rr.get(key) ?? 0) % members.length
      rr.set(key, i + 1)
      members[i].deliver(m)
    }
    return (
      groups.size > 0 || [...subs].some((s) => s.queue === undefined && subjectMatches(s.pattern, m.subject))
    )
  }
  type Responder = {
    pattern: string
    queue?: string
    handle: (m: BusMessage, reply: (chunk: Uint8Array | { error: string } | "end") => void) => void
  }
  const responders = new Set<Responder>()
  const respRR = new Map<string, number>()
  return Bus.of({
    publish: (subject, data, headers) => Effect.sync(() => void dispatch({ subject, data, headers })),
    subscribe: (subject, options) =>
      Stream.callback<BusMessage>(
        (queue) =>
          Effect.acquireRelease(
            Effect.sync(() => {
              const s: Subscriber = {
                pattern: subject,
                queue: options?.queue,
                deliver: (m) => Queue.offerUnsafe(queue, m)
              }
              subs.add(s)
              return s
            }),
            (s) => Effect.sync(() => subs.delete(s))
          ),
        { bufferSize: options?.bufferSize ?? 1024, strategy: "sliding" }
      ),
    serve: (subject, handler, options) =>
      Effect.acquireRelease(
        Effect.sync(() => {
          const r: Responder = {
            pattern: subject,
            queue: options?.queue,
            handle: (m, reply) => {
              Effect.runFork(
                handler(m).pipe(
                  Stream.runForEach((chunk) => Effect.sync(() => reply(chunk))),
                  Effect.matchCause({
                    onSuccess: () => reply("end"),
                    onFailure: (cause) => {
                      const failure = cause.reasons.find((x) => x._tag === "Fail") as
                        | { error?: unknown }
                        | undefined
                      const e = failure?.error
                      reply({
                        error:
                          e !== undefined && options?.errorMessage
                            ? options.errorMessage(e as never)
                            : String(e ?? cause)
                      })
                    }
                  })
                )
              )
            }
          }
          responders.add(r)
          return r
        }),
        (r) => Effect.sync(() => responders.delete(r))
      ).pipe(Effect.asVoid),
    request: (subject, data, options) =>
      Stream.callback<Uint8Array, BusNoRespondersError | BusTimeoutError | BusRemoteError>((queue) =>
        Effect.gen(function* () {
          const matching = [...responders].filter((r) => subjectMatches(r.pattern, subject))
          if (matching.length === 0) return yield* Queue.fail(queue, new BusNoRespondersError({ subject }))
          const plain = matching.filter((r) => r.queue === undefined)
          const grouped = matching.filter((r) => r.queue !== undefined)
          const i = respRR.get(subject) ?? 0
          respRR.set(subject, i + 1)
          const target = plain[0] ?? grouped[i % grouped.length]
          let timer: ReturnType<typeof setTimeout> | undefined
          const deadline = () => {
            clearTimeout(timer)
            timer = setTimeout(
              () =>
                Effect.runFork(
                  Queue.fail(queue, new BusTimeoutError({ subject, timeoutMs: options.timeoutMs }))
                ),
              options.timeoutMs
            )
          }
          deadline()
          target.handle({ subject, data, headers: options.headers }, (chunk) => {
            if (chunk === "end") {
              clearTimeout(timer)
              Effect.runFork(Queue.end(queue))
            } else if (chunk instanceof Uint8Array) {
              deadline()
              Queue.offerUnsafe(queue, chunk)
            } else {
              clearTimeout(timer)
              Effect.runFork(Queue.fail(queue, new BusRemoteError({ subject, error: chunk.error })))
            }
          })
          yield* Effect.addFinalizer(() => Effect.sync(() => clearTimeout(timer)))
        })
      )
  })
}
