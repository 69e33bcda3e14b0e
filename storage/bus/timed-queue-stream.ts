/**
 * A stream over a queue that a setup effect fills (subscription callbacks, a handler fiber), where
 * every wait of the consumer for the next element is bounded: the per-reply timeout of
 * Bus.request for both buses. Elements already queued are taken without arming a timer, which
 * keeps a request cheap (Stream.timeoutOrElse costs ~110 µs per stream here; see bus.bench.ts).
 */
import { type Cause, Effect, Queue, type Scope, Stream } from "effect"

export const timedQueueStream = <A, E>(options: {
  /** Queue capacity (a full queue suspends offers); unbounded when omitted. */
  readonly capacity?: number
  readonly timeoutMs: number
  readonly onTimeout: () => E
  /** Runs in the stream's Scope: register callbacks and finalizers here. */
  readonly setup: (queue: Queue.Queue<A, E | Cause.Done>) => Effect.Effect<void, E, Scope.Scope>
}): Stream.Stream<A, E> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const queue = yield* options.capacity === undefined
        ? Queue.unbounded<A, E | Cause.Done>()
        : Queue.bounded<A, E | Cause.Done>(options.capacity)
      yield* Effect.addFinalizer(() => Queue.shutdown(queue))
      yield* options.setup(queue)
      const take = Queue.takeAll(queue)
      const timed = take.pipe(
        Effect.timeoutOrElse({ duration: options.timeoutMs, orElse: () => Effect.fail(options.onTimeout()) })
      )
      return Stream.fromPull(
        Effect.succeed(Effect.suspend(() => (Queue.sizeUnsafe(queue) > 0 ? take : timed)))
      )
    })
  )
