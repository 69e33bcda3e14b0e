/**
 * The actor contract: a pure core (`decide`, `evolve`) inside an Effect shell (`recover`,
 * `handle`, ticks) fed by a bounded mailbox. This module runs one incarnation of an actor; it does
 * not restart it (supervisor.ts) nor decide where it runs (lease.ts, actor-host.ts).
 */
import { Clock, Effect, Queue, type Schedule, type Scope } from "effect"

/** A message the actor sends itself on a schedule, through its own mailbox. */
export interface ActorTick<Msg> {
  /** e.g. `Schedule.spaced(intervalMs)`; the first tick comes after the first delay. */
  readonly schedule: Schedule.Schedule<unknown, unknown>
  /** Built when the tick is due, so it may carry the time. */
  readonly message: (nowMs: number) => Msg
}

/** The bounds of one actor; each is a named value with a default in `defaultActorLimits`. */
export interface ActorLimits {
  /** Messages waiting in the mailbox; `offer` suspends the sender while it is full. */
  readonly mailboxCapacity: number
  /** Messages taken from the mailbox per step; their events are handled together, once. */
  readonly batchMax: number
}

export const defaultActorLimits: ActorLimits = { mailboxCapacity: 256, batchMax: 64 }

/**
 * One kind of actor.
 *
 * Contract:
 * - `decide` and `evolve` are pure: no I/O, no clock (`nowMs` is passed in), no randomness. An
 *   invariant they find broken is a bug: throw, and the supervisor restarts the actor.
 * - Per step the shell takes 1..`batchMax` messages, calls `decide` for each message in mailbox
 *   order against the state evolved by the messages before it, then calls `handle` once with all
 *   the step's events and the resulting state. Only when `handle` succeeds does that state become
 *   the actor's state. So `handle` is where events are persisted (journal) and published: if it
 *   fails, the actor fails, the supervisor restarts it, and `recover` rebuilds the state from
 *   what was persisted. The messages of a failed step are not redelivered.
 * - `recover` runs at the start of every incarnation (first start and each restart) and returns
 *   the state to continue from (snapshot plus journal replay). Resources it acquires live in the
 *   incarnation's Scope, closed when the incarnation ends for any reason.
 * - A step with no events does not call `handle`.
 */
export interface ActorDefinition<Msg, State, Event, E = never, R = never> {
  /** The kind, for logs and spans: "scrape-target", "rule-group". */
  readonly kind: string
  readonly initial: State
  readonly decide: (state: State, msg: Msg, nowMs: number) => ReadonlyArray<Event>
  readonly evolve: (state: State, event: Event) => State
  /** Rebuilds the state on each (re)start; defaults to `initial`. */
  readonly recover?: (initial: State) => Effect.Effect<State, E, R | Scope.Scope>
  /** Persists and publishes one step's events; `state` already includes them. */
  readonly handle?: (events: ReadonlyArray<Event>, state: State) => Effect.Effect<void, E, R>
  readonly ticks?: ReadonlyArray<ActorTick<Msg>>
  readonly limits?: Partial<ActorLimits>
}

export const actorLimits = (def: { readonly limits?: Partial<ActorLimits> | undefined }): ActorLimits => ({
  ...defaultActorLimits,
  ...def.limits
})

/** An actor's bounded inbox. It outlives incarnations: a restart keeps the waiting messages. */
export type Mailbox<Msg> = Queue.Queue<Msg>

export const makeMailbox = <Msg>(limits: ActorLimits): Effect.Effect<Mailbox<Msg>> => {
  if (!Number.isInteger(limits.mailboxCapacity) || limits.mailboxCapacity < 1) {
    return Effect.die(
      new RangeError(
        `invalid actor limit "mailboxCapacity": ${limits.mailboxCapacity}; it must be an integer >= 1`
      )
    )
  }
  if (!Number.isInteger(limits.batchMax) || limits.batchMax < 1) {
    return Effect.die(
      new RangeError(`invalid actor limit "batchMax": ${limits.batchMax}; it must be an integer >= 1`)
    )
  }
  return Queue.bounded<Msg>(limits.mailboxCapacity)
}

/** Sends one message; suspends while the mailbox is full (backpressure). */
export const send = <Msg>(mailbox: Mailbox<Msg>, msg: Msg): Effect.Effect<void> =>
  Effect.asVoid(Queue.offer(mailbox, msg))

/**
 * Applies one batch with the pure core: returns the events (in order) and the evolved state.
 * Plain code, exported so cores can be tested with case tables.
 */
export const applyBatch = <Msg, State, Event>(
  def: Pick<ActorDefinition<Msg, State, Event, unknown, unknown>, "decide" | "evolve">,
  state: State,
  messages: ReadonlyArray<Msg>,
  nowMs: number
): { readonly state: State; readonly events: ReadonlyArray<Event> } => {
  const events: Event[] = []
  let next = state
  for (const msg of messages) {
    for (const event of def.decide(next, msg, nowMs)) {
      events.push(event)
      next = def.evolve(next, event)
    }
  }
  return { state: next, events }
}

/**
 * One incarnation: recover, start the ticks, then take, decide, handle, commit until it fails or
 * is interrupted. It never succeeds; its ticks stop with it.
 */
export const runActor = <Msg, State, Event, E, R>(
  def: ActorDefinition<Msg, State, Event, E, R>,
  mailbox: Mailbox<Msg>,
  options: {
    /** Runs before each step, after the batch is taken; the host checks its lease here. */
    readonly beforeStep?: Effect.Effect<void> | undefined
  } = {}
): Effect.Effect<never, E, R> => {
  const limits = actorLimits(def)
  return Effect.scoped(
    Effect.gen(function* () {
      let state = def.recover ? yield* def.recover(def.initial) : def.initial
      for (const tick of def.ticks ?? []) {
        const offerTick = Effect.flatMap(Clock.currentTimeMillis, (nowMs) =>
          send(mailbox, tick.message(nowMs))
        )
        // Effect.schedule waits the first delay before the first run; a full mailbox delays ticks.
        yield* Effect.forkScoped(Effect.schedule(offerTick, tick.schedule))
      }
      while (true) {
        const batch = yield* Queue.takeBetween(mailbox, 1, limits.batchMax)
        if (options.beforeStep) yield* options.beforeStep
        const nowMs = yield* Clock.currentTimeMillis
        const step = applyBatch(def, state, batch, nowMs)
        if (step.events.length > 0 && def.handle) yield* def.handle(step.events, step.state)
        state = step.state
      }
    })
  ).pipe(Effect.withSpan("Actor.run", { attributes: { kind: def.kind } }))
}
