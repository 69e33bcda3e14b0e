/**
 * Single ownership of a key through a lease stored in a KvBucket whose bucket TTL is the lease
 * length: `create` takes it, `update` at the held revision renews it, `delete` at that revision
 * gives it back. It does not run anything while the lease is held (actor-host.ts does) and it
 * cannot fence a paused process: a holder stops by its own clock, before the TTL could pass.
 */
import { Clock, Deferred, Effect, Result, Schema, type Scope } from "effect"
import type { KvBucket, KvEntry, KvUnavailableError } from "../../storage/kv/key-value.ts"

/** Named lease timings; build them with `leaseConfig(ttlMs)`, which checks them. */
export interface LeaseConfig {
  /** Lease length: MUST equal the bucket's TTL (nats-server 2.9 has no per-key TTL). */
  readonly ttlMs: number
  /** Renew this often; default ttl/3, so two renewals may fail before the lease is in danger. */
  readonly renewEveryMs: number
  /** While another owner holds the key, try `create` again this often. */
  readonly acquireRetryMs: number
  /**
   * Give the lease up this long before it could expire on the server (counted from the start of
   * the last successful write), so the old holder's actor has stopped before a new holder's
   * `create` can succeed. Default ttl/5.
   */
  readonly safetyMarginMs: number
}

export const leaseConfig = (
  ttlMs: number,
  overrides: Partial<Omit<LeaseConfig, "ttlMs">> = {}
): LeaseConfig => {
  const config: LeaseConfig = {
    ttlMs,
    renewEveryMs: Math.floor(ttlMs / 3),
    acquireRetryMs: Math.max(50, Math.floor(ttlMs / 10)),
    safetyMarginMs: Math.floor(ttlMs / 5),
    ...overrides
  }
  const bad = (field: string, rule: string) =>
    new RangeError(`invalid lease config "${field}": ${config[field as keyof LeaseConfig]}; ${rule}`)
  if (!(config.ttlMs > 0)) throw bad("ttlMs", "it must be > 0")
  if (!(config.renewEveryMs > 0)) throw bad("renewEveryMs", "it must be > 0")
  if (!(config.acquireRetryMs > 0)) throw bad("acquireRetryMs", "it must be > 0")
  if (!(config.safetyMarginMs >= 0)) throw bad("safetyMarginMs", "it must be >= 0")
  if (config.renewEveryMs + config.safetyMarginMs >= config.ttlMs) {
    throw bad("renewEveryMs", `renewEveryMs + safetyMarginMs must be < ttlMs (${config.ttlMs})`)
  }
  return config
}

/** The holder stopped holding: someone else wrote the key, or renewals failed for too long. */
export class LeaseLostError extends Schema.TaggedError<LeaseLostError>()("LeaseLostError", {
  bucket: Schema.String,
  key: Schema.String,
  owner: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `lease "${this.key}" in bucket "${this.bucket}" lost by "${this.owner}": ${this.reason}`
  }
}

/** What a lease entry holds (JSON). `leaseId` tells this holding apart from earlier ones. */
export interface LeaseRecord {
  readonly owner: string
  readonly leaseId: string
  readonly renewedAtMs: number
  /** Informational: the server's bucket TTL decides; this is when it would expire. */
  readonly expiresAtMs: number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const encodeRecord = (r: LeaseRecord) => encoder.encode(JSON.stringify(r))

/** The record in an entry, or undefined when it is not one of ours (written by something else). */
export const decodeLeaseRecord = (entry: KvEntry): LeaseRecord | undefined => {
  try {
    const r = JSON.parse(decoder.decode(entry.value))
    return typeof r?.owner === "string" && typeof r?.leaseId === "string" ? r : undefined
  } catch {
    return undefined
  }
}

/** A held lease. It is released when the Scope it was acquired in closes. */
export interface Lease {
  readonly key: string
  readonly owner: string
  /** The revision of the last successful write. */
  readonly revision: Effect.Effect<number>
  /** Waits while the lease is held; fails with the reason once it is lost. Never succeeds. */
  readonly lost: Effect.Effect<never, LeaseLostError>
  /**
   * Checks the lease by the local clock: returns while it is certainly still held; otherwise
   * declares it lost (so `lost` fails) and never returns. Call it before each unit of work, so a
   * process that was paused (GC, SIGSTOP) past its lease does no work before the renewal loop
   * notices. Work already under way when the pause began is not fenced.
   */
  readonly ensureHeld: Effect.Effect<void>
}

interface Held {
  revision: number
  /** Start of the last successful write: the server's TTL runs from a later instant. */
  validFromMs: number
  lost: boolean
}

/**
 * Takes the lease if the key is free (absent, deleted or expired); undefined when another owner
 * holds it. On success it renews in the background and gives the lease back on Scope close.
 */
export const tryAcquireLease = Effect.fn("Lease.tryAcquire")(function* (
  bucket: KvBucket,
  key: string,
  owner: string,
  config: LeaseConfig
): Effect.fn.Return<Lease | undefined, KvUnavailableError, Scope.Scope> {
  const leaseId = crypto.randomUUID()
  const record = (nowMs: number): LeaseRecord => ({
    owner,
    leaseId,
    renewedAtMs: nowMs,
    expiresAtMs: nowMs + config.ttlMs
  })
  const lostSignal = yield* Deferred.make<never, LeaseLostError>()
  const lose = (held: Held, reason: string) =>
    Effect.suspend(() => {
      held.lost = true
      return Deferred.fail(lostSignal, new LeaseLostError({ bucket: bucket.name, key, owner, reason }))
    })
  // Our own write may have landed after we stopped waiting for it: then the key's revision moved
  // on but the record is still ours, and we adopt the new revision instead of losing the lease.
  const ownRevision = (revision: number) =>
    Effect.map(bucket.get(key), (entry) =>
      entry && entry.revision !== revision && decodeLeaseRecord(entry)?.leaseId === leaseId
        ? entry.revision
        : undefined
    )

  // Uninterruptible from the write to the finalizer, so a taken lease is always given back. A
  // lost `create` race registers nothing: a contender polling for hours does not grow the Scope.
  const taken = yield* Effect.uninterruptible(
    Effect.gen(function* () {
      const startMs = yield* Clock.currentTimeMillis
      const created = yield* Effect.result(bucket.create(key, encodeRecord(record(startMs))))
      if (Result.isFailure(created)) {
        if (created.failure._tag === "KvConflictError") return undefined
        return yield* created.failure
      }
      const held: Held = { revision: created.success, validFromMs: startMs, lost: false }
      yield* Effect.addFinalizer(() => release(bucket, key, held, ownRevision))
      return held
    })
  )
  if (taken === undefined) return undefined
  const held: Held = taken

  const renewOnce = Effect.gen(function* () {
    while (true) {
      const nowMs = yield* Clock.currentTimeMillis
      const deadlineMs = held.validFromMs + config.ttlMs - config.safetyMarginMs
      if (nowMs >= deadlineMs) {
        return yield* lose(
          held,
          `no successful renewal for ${nowMs - held.validFromMs} ms; the lease TTL is ${config.ttlMs} ms`
        )
      }
      const attempt = yield* bucket
        .update(key, encodeRecord(record(nowMs)), held.revision)
        .pipe(Effect.timeoutOption(deadlineMs - nowMs), Effect.result)
      if (Result.isSuccess(attempt)) {
        if (attempt.success._tag === "None") continue // timed out: the deadline check decides
        held.revision = attempt.success.value
        held.validFromMs = nowMs
        return
      }
      if (attempt.failure._tag === "KvConflictError") {
        const adopted = yield* Effect.orElseSucceed(ownRevision(held.revision), () => undefined)
        if (adopted !== undefined) {
          held.revision = adopted
          continue
        }
        return yield* lose(held, `revision ${held.revision} was replaced: another owner holds the key`)
      }
      yield* Effect.logWarning(`lease "${key}" renewal failed; retrying`, attempt.failure.message)
      yield* Effect.sleep(Math.min(config.acquireRetryMs, Math.max(1, deadlineMs - nowMs)))
    }
  })
  yield* Effect.forkScoped(
    Effect.forever(Effect.andThen(Effect.sleep(config.renewEveryMs), renewOnce)).pipe(Effect.ignore)
  )
  const lease: Lease = {
    key,
    owner,
    revision: Effect.sync(() => held.revision),
    lost: Deferred.await(lostSignal),
    ensureHeld: Effect.flatMap(Clock.currentTimeMillis, (nowMs) => {
      const sinceMs = nowMs - held.validFromMs
      if (!held.lost && sinceMs < config.ttlMs - config.safetyMarginMs) return Effect.void
      const reason = `no successful renewal for ${sinceMs} ms; the lease TTL is ${config.ttlMs} ms`
      return Effect.andThen(held.lost ? Effect.void : lose(held, reason), Effect.never)
    })
  }
  return lease
})

/** Deletes at the held revision; failures are logged, the bucket TTL then frees the key. */
const release = (
  bucket: KvBucket,
  key: string,
  held: Held,
  ownRevision: (revision: number) => Effect.Effect<number | undefined, unknown>
) =>
  Effect.gen(function* () {
    if (held.lost) return
    const first = yield* Effect.result(bucket.delete(key, held.revision))
    if (Result.isSuccess(first)) return
    if (first.failure._tag === "KvConflictError") {
      const adopted = yield* ownRevision(held.revision)
      if (adopted !== undefined) yield* bucket.delete(key, adopted)
      return
    }
    return yield* first.failure
  }).pipe(
    Effect.catchCause((cause) =>
      Effect.logWarning(`lease "${key}" release failed; it expires with the bucket TTL`, cause)
    ),
    Effect.withSpan("Lease.release")
  )

/**
 * Waits until the lease is taken: tries `create` every `acquireRetryMs` while another owner holds
 * the key (after a crash, the bucket TTL frees it) or the store is unavailable.
 */
export const acquireLease = (
  bucket: KvBucket,
  key: string,
  owner: string,
  config: LeaseConfig
): Effect.Effect<Lease, never, Scope.Scope> =>
  Effect.gen(function* () {
    let unavailableLogged = false
    while (true) {
      const attempt = yield* Effect.result(tryAcquireLease(bucket, key, owner, config))
      if (Result.isSuccess(attempt)) {
        if (attempt.success !== undefined) return attempt.success
      } else if (!unavailableLogged) {
        unavailableLogged = true
        yield* Effect.logWarning(`lease "${key}": store unavailable; retrying`, attempt.failure.message)
      }
      yield* Effect.sleep(config.acquireRetryMs)
    }
  })
