/**
 * Supervision: runs an effect (usually one actor incarnation) again after it fails or dies, with
 * jittered, capped exponential backoff, and counts the restarts. It does not decide whether the
 * effect may run at all (that is the lease's job) and never restarts after interruption.
 */
import { Cause, Clock, Duration, Effect, Exit, Ref, Schedule } from "effect"

/** Named bounds of the restart policy; defaults in `defaultSupervisorConfig`. */
export interface SupervisorConfig {
  /** Delay before the first restart (before jitter). */
  readonly backoffBaseMs: number
  /** Each further consecutive restart waits this many times longer... */
  readonly backoffFactor: number
  /** ...up to this cap (before jitter). */
  readonly backoffMaxMs: number
  /** An incarnation that lived at least this long counts as healthy: the backoff starts over. */
  readonly backoffResetAfterMs: number
}

export const defaultSupervisorConfig: SupervisorConfig = {
  backoffBaseMs: 100,
  backoffFactor: 2,
  backoffMaxMs: 30_000,
  backoffResetAfterMs: 60_000
}

/**
 * Delays between consecutive restarts: base, base·factor, ... capped at `backoffMaxMs`, each
 * scaled by a random factor in 0.8..1.2 so that many actors failing together (NATS down) do not
 * come back in lockstep.
 */
export const restartSchedule = (config: SupervisorConfig): Schedule.Schedule<Duration.Duration, unknown> =>
  Schedule.min([
    Schedule.exponential(Duration.millis(config.backoffBaseMs), config.backoffFactor),
    Schedule.spaced(Duration.millis(config.backoffMaxMs))
  ]).pipe(Schedule.jittered)

export interface SuperviseOptions {
  /** For logs: the actor kind and key. */
  readonly name: string
  readonly config?: Partial<SupervisorConfig> | undefined
  /** Incremented before each restart; read it for metrics (`vesta_actor_restarts_total`). */
  readonly restarts?: Ref.Ref<number> | undefined
}

/**
 * Runs `body`; when it fails or dies (a defect is a bug: the incarnation's state is suspect, so a
 * fresh one recovers from what was persisted), waits the next backoff delay and runs it again.
 * Succeeds with `body`'s value when `body` succeeds. Interruption (of this fiber or inside `body`)
 * ends it: no restart. Errors never escape, hence the `never` error type.
 */
export const supervise = <A, E, R>(
  body: Effect.Effect<A, E, R>,
  options: SuperviseOptions
): Effect.Effect<A, never, R> =>
  Effect.gen(function* () {
    const config = { ...defaultSupervisorConfig, ...options.config }
    const schedule = restartSchedule(config)
    let step = yield* Schedule.toStep(schedule)
    let consecutive = 0
    while (true) {
      const startedMs = yield* Clock.currentTimeMillis
      const exit = yield* Effect.exit(body)
      if (Exit.isSuccess(exit)) return exit.value
      if (Cause.hasInterruptsOnly(exit.cause)) return yield* Effect.interrupt
      const nowMs = yield* Clock.currentTimeMillis
      if (nowMs - startedMs >= config.backoffResetAfterMs) {
        step = yield* Schedule.toStep(schedule)
        consecutive = 0
      }
      // The restart schedule never ends, so `Done` cannot happen.
      const [, delay] = yield* Effect.orDie(step(nowMs, exit.cause))
      consecutive++
      if (options.restarts) yield* Ref.update(options.restarts, (n) => n + 1)
      yield* Effect.logWarning(
        `actor ${options.name} crashed; restart ${consecutive} in ${Math.round(Duration.toMillis(delay))} ms`,
        Cause.pretty(exit.cause)
      )
      yield* Effect.sleep(delay)
    }
  }).pipe(Effect.annotateLogs({ actor: options.name }))
