/**
 * The DurableLog on JetStream: one stream per log name (file storage, subject from the name),
 * sequences are the stream's. Appends publish pipelined through one ordered pump per log, so
 * concurrent calls keep their entries contiguous; a `dedupId` becomes per-entry `Nats-Msg-Id`s.
 * Reads are pipelined leader gets (read-your-writes also on replicated streams); purge keeps
 * everything above the point. It assumes no other publisher on the log's subject.
 */
import {
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  type PubAck,
  RetentionPolicy,
  StorageType
} from "@nats-io/jetstream"
import type { NatsConnection as NatsClient } from "@nats-io/transport-node"
import { Effect, Layer, type Scope } from "effect"
import { NatsConnection } from "../nats/nats-connection.ts"
import {
  type AppendAck,
  checkLogName,
  type DurableLog,
  DurableLogStore,
  followByReading,
  type LogEntry,
  LogEntryTooLargeError,
  LogUnavailableError
} from "./durable-log.ts"

export interface JetStreamLogOptions {
  /** Stream replicas (1 for a single server, 3 for a cluster). */
  readonly replicas: number
  /** Publishes awaiting their ack, across all calls of one log. */
  readonly publishInFlightMax: number
  /** Message gets in flight during one read. */
  readonly readInFlightMax: number
  /** One read() returns at most this many bytes of entries (always at least one entry). */
  readonly readMaxBytes: number
  /** Time limit of one publish or API request. */
  readonly requestTimeoutMs: number
  /** How long a `dedupId` is remembered (the stream's duplicate window). */
  readonly duplicateWindowMs: number
  /** How often a caught-up `follow` asks the stream for new entries. */
  readonly followPollMs: number
  /** Room left for headers (`Nats-Msg-Id`) below the server's max payload. */
  readonly headerReserveBytes: number
  /** Reads of at least this many entries pull them through an ordered consumer. */
  readonly consumeFromEntries: number
  /** At most this many entries per consumer pull. */
  readonly consumeMaxEntries: number
}

export const defaultJetStreamLogOptions: JetStreamLogOptions = {
  replicas: 1,
  publishInFlightMax: 1024,
  readInFlightMax: 128,
  readMaxBytes: 8 * 1024 * 1024,
  requestTimeoutMs: 10_000,
  duplicateWindowMs: 120_000,
  followPollMs: 50,
  headerReserveBytes: 1024,
  consumeFromEntries: 16,
  consumeMaxEntries: 256
}

// Both names belong in protocols/subjects.ts (owned elsewhere); they stay here until it has them.
export const jetStreamLogSubject = (name: string) => `vesta.log.${checkLogName(name)}`
export const jetStreamLogStream = (name: string) => `VESTA_LOG_${checkLogName(name)}`

/** Publishes in call order with at most `max` awaiting acks; order on the wire = sequence order. */
const publishPump = (js: JetStreamClient, subject: string, max: number, timeout: number) => {
  const queue: Array<{ data: Uint8Array; msgID?: string; done: (r: PubAck | Error) => void }> = []
  let inFlight = 0
  const pump = () => {
    while (inFlight < max && queue.length > 0) {
      const job = queue.shift() as (typeof queue)[number]
      inFlight++
      js.publish(
        subject,
        job.data,
        job.msgID === undefined ? { timeout } : { msgID: job.msgID, timeout }
      ).then(
        (ack) => {
          inFlight--
          job.done(ack)
          pump()
        },
        (e) => {
          inFlight--
          job.done(e instanceof Error ? e : new Error(String(e)))
          pump()
        }
      )
    }
  }
  return (entries: ReadonlyArray<Uint8Array>, dedupId: string | undefined): Promise<PubAck[]> => {
    const acks = entries.map(
      (data, i) =>
        new Promise<PubAck>((resolve, reject) =>
          queue.push({
            data,
            msgID: dedupId === undefined ? undefined : `${dedupId}:${i}`,
            done: (r) => (r instanceof Error ? reject(r) : resolve(r))
          })
        )
    )
    pump()
    return Promise.all(acks)
  }
}

const streamState = async (jsm: JetStreamManager, stream: string): Promise<AppendAck> => {
  const s = (await jsm.streams.info(stream)).state
  return s.messages === 0
    ? { firstSeq: s.last_seq + 1, lastSeq: s.last_seq }
    : { firstSeq: s.first_seq, lastSeq: s.last_seq }
}

/** Gets [from, to] pipelined, stopping at the byte budget (after one) or at a message gone (purged). */
const getRange = async (
  jsm: JetStreamManager,
  stream: string,
  from: number,
  to: number,
  o: JetStreamLogOptions
) => {
  const out: LogEntry[] = []
  let bytes = 0
  for (let wave = from; wave <= to; wave += o.readInFlightMax) {
    const last = Math.min(to, wave + o.readInFlightMax - 1)
    const got = await Promise.all(
      Array.from({ length: last - wave + 1 }, (_, i) => jsm.streams.getMessage(stream, { seq: wave + i }))
    )
    for (const m of got) {
      if (!m || (out.length > 0 && bytes + m.data.length > o.readMaxBytes)) return out
      out.push({ seq: m.seq, data: m.data })
      bytes += m.data.length
    }
  }
  return out
}

/**
 * [from, to] through one short-lived ordered consumer: the raw payloads in one pull instead of a
 * JSON API request (base64 data) per entry. Stops at `to`, at the byte budget (after one), or when
 * nothing more arrives (purged meanwhile: the caller looks again).
 */
const consumeRange = async (
  js: JetStreamClient,
  stream: string,
  from: number,
  to: number,
  o: JetStreamLogOptions
) => {
  const out: LogEntry[] = []
  const c = await js.consumers.get(stream, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: from
  })
  let bytes = 0
  try {
    // A message count (a byte limit fails the pull on the first entry that would pass it): at most
    // consumeMaxEntries, so a read holds a bounded number of entries of up to ~1 MiB each.
    const msgs = await c.fetch({
      max_messages: Math.min(to - from + 1, o.consumeMaxEntries),
      expires: Math.min(o.requestTimeoutMs, 2000)
    })
    for await (const m of msgs) {
      if (m.seq > to || (out.length > 0 && bytes + m.data.length > o.readMaxBytes)) break
      out.push({ seq: m.seq, data: m.data })
      bytes += m.data.length
      if (m.seq === to || out.length === o.consumeMaxEntries) break
    }
    // Not awaited: close() waits for the pull to expire; deleting the consumer ends it.
    void msgs.close().catch(() => undefined)
  } finally {
    await c.delete().catch(() => false)
  }
  return out
}

const ensureStream = async (jsm: JetStreamManager, name: string, o: JetStreamLogOptions): Promise<void> => {
  const stream = jetStreamLogStream(name)
  const subject = jetStreamLogSubject(name)
  try {
    const info = await jsm.streams.info(stream)
    if (!info.config.subjects?.includes(subject))
      throw new Error(`stream ${stream} exists but does not hold subject ${subject}`)
  } catch (e) {
    if (!(e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNotFound)) throw e
    await jsm.streams.add({
      name: stream,
      subjects: [subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      num_replicas: o.replicas,
      duplicate_window: o.duplicateWindowMs * 1_000_000
    })
  }
}

/** Opens (creating if needed) the stream of log `name`; pending appends settle before Scope close. */
export const openJetStreamLog = (
  nc: NatsClient,
  name: string,
  options: JetStreamLogOptions = defaultJetStreamLogOptions
): Effect.Effect<DurableLog, LogUnavailableError, Scope.Scope> =>
  Effect.gen(function* () {
    const stream = jetStreamLogStream(name)
    const fail = (op: string) => (cause: unknown) => new LogUnavailableError({ log: name, op, cause })
    const jsm = yield* Effect.tryPromise({
      try: async () => {
        const jsm = await jetstreamManager(nc, { timeout: options.requestTimeoutMs })
        await ensureStream(jsm, name, options)
        return jsm
      },
      catch: fail("open")
    })
    const js = jetstream(nc, { timeout: options.requestTimeoutMs })
    const publish = publishPump(
      js,
      jetStreamLogSubject(name),
      options.publishInFlightMax,
      options.requestTimeoutMs
    )
    const pending = new Set<Promise<unknown>>()
    yield* Effect.addFinalizer(() => Effect.promise(() => Promise.allSettled(pending)))
    const entryMaxBytes = (nc.info?.max_payload ?? 1024 * 1024) - options.headerReserveBytes

    /** The acks' range, or the text of a broken invariant (a defect, not a typed error). */
    const append = async (
      entries: ReadonlyArray<Uint8Array>,
      dedupId: string | undefined
    ): Promise<AppendAck | string> => {
      if (entries.length === 0) {
        const { lastSeq } = await streamState(jsm, stream)
        return { firstSeq: lastSeq + 1, lastSeq }
      }
      const p = publish(entries, dedupId)
      pending.add(p)
      const acks = await p.finally(() => pending.delete(p))
      const firstSeq = acks[0].seq
      const lastSeq = acks[acks.length - 1].seq
      if (!acks.some((a) => a.duplicate) && lastSeq - firstSeq !== acks.length - 1)
        return `${acks.length} entries got sequences ${firstSeq}..${lastSeq}: another publisher on stream ${stream}?`
      return { firstSeq, lastSeq }
    }

    const read = (fromSeq: number, maxEntries: number) =>
      Effect.tryPromise({
        try: async () => {
          for (let attempt = 0; ; attempt++) {
            const { firstSeq, lastSeq } = await streamState(jsm, stream)
            const from = Math.max(fromSeq, firstSeq)
            if (maxEntries <= 0 || from > lastSeq) return []
            const to = Math.min(lastSeq, from + maxEntries - 1)
            // Many entries (replay, a follower behind): one consumer pull; a few: direct gets.
            const got =
              to - from + 1 >= options.consumeFromEntries
                ? await consumeRange(js, stream, from, to, options)
                : await getRange(jsm, stream, from, to, options)
            // Nothing although entries were there: a purge raced this read; look once more.
            if (got.length > 0 || attempt > 0) return got
          }
        },
        catch: fail("read")
      })

    const log: DurableLog = {
      name,
      entryMaxBytes,
      append: (entries, opts) => {
        for (let i = 0; i < entries.length; i++)
          if (entries[i].length > entryMaxBytes)
            return Effect.fail(
              new LogEntryTooLargeError({
                log: name,
                index: i,
                sizeBytes: entries[i].length,
                limitBytes: entryMaxBytes
              })
            )
        return Effect.tryPromise({ try: () => append(entries, opts?.dedupId), catch: fail("append") }).pipe(
          Effect.flatMap((r) => (typeof r === "string" ? Effect.die(new Error(r)) : Effect.succeed(r)))
        )
      },
      read,
      follow: followByReading(read, () => Effect.sleep(options.followPollMs)),
      purge: (upToSeq) =>
        Effect.tryPromise({
          try: async () => {
            const { firstSeq, lastSeq } = await streamState(jsm, stream)
            const target = Math.min(upToSeq, lastSeq)
            if (target < firstSeq) return
            await jsm.streams.purge(stream, { seq: target + 1 })
          },
          catch: fail("purge")
        }),
      bounds: Effect.tryPromise({ try: () => streamState(jsm, stream), catch: fail("bounds") })
    }
    return log
  }).pipe(Effect.withSpan("JetStreamLog.open", { attributes: { name } }))

export const JetStreamDurableLogStore = {
  make: (
    nc: NatsClient,
    options: JetStreamLogOptions = defaultJetStreamLogOptions
  ): DurableLogStore["Service"] =>
    DurableLogStore.of({ open: (name) => openJetStreamLog(nc, name, options) }),
  /** Streams on the process's NatsConnection. */
  layer: (options: JetStreamLogOptions = defaultJetStreamLogOptions) =>
    Layer.effect(
      DurableLogStore,
      Effect.gen(function* () {
        return JetStreamDurableLogStore.make((yield* NatsConnection).nc, options)
      })
    )
} as const
