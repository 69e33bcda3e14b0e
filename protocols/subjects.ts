/**
 * Every NATS subject, JetStream stream, consumer and KV bucket name Vesta uses, built in one place
 * (style guide §5; ARCHITECTURE §3) so no code assembles them inline. Each builder checks the
 * parts it is given, so a bad region or job name fails here with a clear message instead of
 * silently publishing to a wildcard or another token. Config validation should reject such names
 * first with `tokenProblem`, so a throw from a builder is a bug. It names things; it does no I/O.
 */

/** A part that became invalid inside a subject or stream name. */
export class SubjectNameError extends Error {
  readonly _tag = "SubjectNameError"
}

// A subject token may not be empty or contain ".", the wildcards "*" and ">", or whitespace.
const badToken = /[.*>\s]/
// Stream, consumer and bucket names additionally exclude "/" and "\" (they become file names).
const badName = /[.*>\s/\\]/

/** Why `value` cannot be a subject token, or undefined when it can (for config validation). */
export const tokenProblem = (what: string, value: string): string | undefined =>
  value === "" || badToken.test(value)
    ? `invalid ${what} ${JSON.stringify(value)}: a subject token must be non-empty without ".", "*", ">" or whitespace`
    : undefined

/** Checks one subject token (a region, a job, a key part); returns it unchanged. */
export const token = (what: string, value: string): string => {
  const problem = tokenProblem(what, value)
  if (problem !== undefined) throw new SubjectNameError(problem)
  return value
}

const shardToken = (shard: number): string => {
  if (!Number.isInteger(shard) || shard < 0)
    throw new SubjectNameError(`invalid shard ${shard}: must be a non-negative integer`)
  return String(shard)
}

const streamName = (what: string, value: string): string => {
  if (value === "" || badName.test(value))
    throw new SubjectNameError(
      `invalid ${what} ${JSON.stringify(value)}: must be non-empty without ".", "*", ">", "/", "\\" or whitespace`
    )
  return value
}

export const Subjects = {
  /** Where a shard's `IngestBatch`es are published (the durable log of ARCHITECTURE §3). */
  ingest: (region: string, shard: number) => `vesta.${token("region", region)}.ingest.${shardToken(shard)}`,
  /** All shards' ingest subjects of a region (the ingest stream's subject filter). */
  ingestAll: (region: string) => `vesta.${token("region", region)}.ingest.*`,
  /** `ScrapeReport`s of one scrape pool (job). */
  scrapeReport: (region: string, pool: string) =>
    `vesta.${token("region", region)}.scrape.report.${token("job", pool)}`,
  /** The journal of one actor: `kind` is the actor kind, `key` its identity (already a single token). */
  actorEvents: (region: string, kind: string, key: string) =>
    `vesta.${token("region", region)}.events.${token("actor kind", kind)}.${token("actor key", key)}`,
  /** All journals of one actor kind in a region. */
  actorEventsAll: (region: string, kind: string) =>
    `vesta.${token("region", region)}.events.${token("actor kind", kind)}.*`
} as const

export const Streams = {
  /** The JetStream stream holding a region's ingest log (subjects `Subjects.ingestAll`). */
  ingest: (region: string) => `VESTA_INGEST_${streamName("region", region)}`,
  /** The stream holding a region's actor journals. */
  events: (region: string) => `VESTA_EVENTS_${streamName("region", region)}`
} as const

export const Consumers = {
  /** The durable consumer a shard actor pulls its ingest batches with. */
  ingestShard: (shard: number) => `ingest-shard-${shardToken(shard)}`
} as const

export const Buckets = {
  /**
   * Actor ownership leases. nats-server 2.9 ignores per-key TTLs, so each lease length gets its
   * own bucket with a bucket TTL (ARCHITECTURE §3): `vesta_leases_<ttl seconds>s`.
   */
  leases: (ttlMs: number) => {
    if (!Number.isInteger(ttlMs) || ttlMs < 1000 || ttlMs % 1000 !== 0)
      throw new SubjectNameError(
        `invalid lease TTL ${ttlMs} ms: must be a whole number of seconds, at least 1 s`
      )
    return `vesta_leases_${ttlMs / 1000}s`
  },
  /** Latest scrape status per target, for /api/v1/targets from any process. */
  targetStatus: "vesta_target_status"
} as const
