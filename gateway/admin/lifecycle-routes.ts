/**
 * `/-/reload` and `/-/quit` (POST or PUT), as Prometheus serves them: only with
 * `--web.enable-lifecycle` (403 "Lifecycle API is not enabled." otherwise); a failed reload is a
 * 500 with the reason and the running configuration stays in place.
 */
import { Effect } from "effect"
import type { Route } from "../http/http-types.ts"
import { text } from "../http/http-types.ts"

export interface Lifecycle {
  readonly enabled: boolean
  /** Re-reads and applies the configuration; fails with the reason. */
  readonly reload: Effect.Effect<void, string>
  /** Starts a graceful shutdown. */
  readonly quit: Effect.Effect<void>
}

const disabled = Effect.succeed(text(403, "Lifecycle API is not enabled.\n"))

export const lifecycleRoutes = (l: Lifecycle): ReadonlyArray<Route> => [
  {
    method: ["POST", "PUT"],
    path: "/-/reload",
    handler: () =>
      l.enabled
        ? l.reload.pipe(
            Effect.as(text(200, "")),
            Effect.catch((reason) => Effect.succeed(text(500, `failed to reload config: ${reason}\n`)))
          )
        : disabled
  },
  {
    method: ["POST", "PUT"],
    path: "/-/quit",
    handler: () =>
      l.enabled
        ? Effect.as(
            Effect.andThen(Effect.sleep("10 millis"), l.quit).pipe(Effect.forkDetach),
            text(200, "Requesting termination... Goodbye!\n")
          )
        : disabled
  }
]
