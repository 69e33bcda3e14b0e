/**
 * The DurableLog on a JetStream stream (one stream per log, file storage): an append publishes its
 * entries pipelined and resolves when JetStream stored them all; calls are serialised so each
 * call's entries stay contiguous. Sequences are the stream's. Reads use direct gets; purge keeps
 * everything after the given sequence.
 */
import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream"
import type { NatsConnection } from "@nats-io/transport-node"
import { Effect, type Scope } from "effect"
import { type DurableLog, type LogEntry, LogUnavailableError } from "./durable-log.ts"

export const jetStreamLogSubject = (name: string) => `vesta.log.${name}`

export const openJetStreamLog = (
  nc: NatsConnection,
  name: string
): Effect.Effect<DurableLog, LogUnavailableError, Scope.Scope> =>
  Effect.gen(function* () {
    const fail = (op: string) => (cause: unknown) => new LogUnavailableError({ log: name, op, cause })
    const jsm = yield* Effect.tryPromise({ try: () => jetstreamManager(nc), catch: fail("open") })
    yield* Effect.tryPromise({
      try: async () => {
        try {
          await jsm.streams.info(name)
        } catch {
          await jsm.streams.add({ name, subjects: [jetStreamLogSubject(name)], storage: StorageType.File })
        }
      },
      catch: fail("open")
    })
    const js = jetstream(nc, { timeout: 10_000 })
    let chain: Promise<unknown> = Promise.resolve()
    const appendNow = async (entries: ReadonlyArray<Uint8Array>) => {
      const acks = await Promise.all(entries.map((e) => js.publish(jetStreamLogSubject(name), e)))
      return { firstSeq: acks[0]?.seq ?? 0, lastSeq: acks[acks.length - 1]?.seq ?? 0 }
    }
    const log: DurableLog = {
      name,
      append: (entries) =>
        Effect.tryPromise({
          try: () => {
            const run = chain.then(() => appendNow(entries))
            chain = run.catch(() => undefined)
            return run
          },
          catch: fail("append")
        }),
      read: (from, max) =>
        Effect.tryPromise({
          try: async () => {
            const info = await jsm.streams.info(name)
            const out: LogEntry[] = []
            for (
              let seq = Math.max(from, info.state.first_seq);
              seq <= info.state.last_seq && out.length < max;
              seq++
            ) {
              const m = await jsm.streams.getMessage(name, { seq })
              if (m) out.push({ seq, data: m.data })
            }
            return out
          },
          catch: fail("read")
        }),
      purge: (upTo) =>
        Effect.tryPromise({
          try: () => jsm.streams.purge(name, { seq: upTo + 1 }),
          catch: fail("purge")
        }).pipe(Effect.asVoid),
      bounds: Effect.tryPromise({
        try: async () => {
          const s = (await jsm.streams.info(name)).state
          return s.messages === 0
            ? { firstSeq: s.last_seq + 1, lastSeq: s.last_seq }
            : { firstSeq: s.first_seq, lastSeq: s.last_seq }
        },
        catch: fail("bounds")
      })
    }
    return log
  })
