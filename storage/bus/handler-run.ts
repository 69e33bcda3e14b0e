/**
 * Runs one request handler's reply stream for either bus: hands each chunk to `emit` and reports
 * how the stream ended (undefined) or the text of its failure. It owns no transport and leaves
 * interruption alone, so a cancelled or shut-down responder just stops.
 */
import { Cause, Effect, Result, Stream } from "effect"

export const runHandler = <E>(
  replies: Stream.Stream<Uint8Array, E>,
  emit: (chunk: Uint8Array) => Effect.Effect<void>,
  errorMessage: ((e: E) => string) | undefined
): Effect.Effect<string | undefined> =>
  Stream.runForEach(replies, emit).pipe(
    Effect.as(undefined),
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.failCause(cause)
        : Effect.succeed(failureText(cause, errorMessage))
    )
  ) as Effect.Effect<string | undefined>

/** The message a requester sees: the typed error through `errorMessage`, else the defect. */
export const failureText = <E>(
  cause: Cause.Cause<E>,
  errorMessage: ((e: E) => string) | undefined
): string => {
  const failure = Cause.findError(cause)
  if (Result.isSuccess(failure)) {
    const e = failure.success
    if (errorMessage) return errorMessage(e)
    return e instanceof Error ? e.message : String(e)
  }
  const defect = Cause.findDefect(cause)
  if (Result.isSuccess(defect)) {
    const d = defect.success
    return `handler died: ${d instanceof Error ? d.message : String(d)}`
  }
  return Cause.pretty(cause)
}
