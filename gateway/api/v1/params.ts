/**
 * Query parameters of the HTTP API as Prometheus reads them: times as Unix seconds or RFC 3339,
 * durations as seconds or Prometheus durations, GET parameters merged with a POST form body (the
 * body wins). Errors carry Prometheus's exact messages. Plain code; handlers call it.
 */
import { Schema } from "effect"
import { parseDuration } from "../../../protocols/units/duration.ts"

export class BadParameterError extends Schema.TaggedError<BadParameterError>()("BadParameterError", {
  /** Absent for errors that are not about one parameter (e.g. "no match[] parameter provided"). */
  parameter: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  override get message() {
    return this.parameter === undefined
      ? this.reason
      : `invalid parameter "${this.parameter}": ${this.reason}`
  }
}

/** Go's minimum and maximum time.Time as some clients send them; they mean "all time". */
export const minTimeMs = -9223372036854776 // math.MinInt64 / 1e6, as Prometheus clamps
export const maxTimeMs = 9223372036854776
const minTimeText = "-292273086-05-16T16:47:06Z"
const maxTimeText = "292277025-08-18T07:12:54.999999999Z"

const rfc3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/

/** Integer ms since the epoch, or a BadParameterError with Prometheus's message. */
export const parseTimeParam = (name: string, raw: string): number | BadParameterError => {
  const bad = () =>
    new BadParameterError({
      parameter: name,
      reason: `Invalid time value for '${name}': cannot parse "${raw}" to a valid timestamp`
    })
  if (raw === minTimeText) return minTimeMs
  if (raw === maxTimeText) return maxTimeMs
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) {
    const secs = Number(raw)
    if (!Number.isFinite(secs)) return bad()
    return Math.round(secs * 1000)
  }
  const m = raw.match(rfc3339)
  if (!m) return bad()
  const ms = Date.parse(raw.toUpperCase())
  if (Number.isNaN(ms)) return bad()
  return ms
}

/** Milliseconds from `15`, `0.5` (seconds) or `1m30s`; Prometheus's message otherwise. */
export const parseDurationParam = (name: string, raw: string): number | BadParameterError => {
  const bad = () =>
    new BadParameterError({ parameter: name, reason: `cannot parse "${raw}" to a valid duration` })
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) {
    const secs = Number(raw)
    if (!Number.isFinite(secs)) return bad()
    const ms = Math.round(secs * 1000)
    if (!Number.isSafeInteger(ms)) return bad()
    return ms
  }
  const d = parseDuration(raw)
  return typeof d === "number" && raw !== "0" ? d : bad()
}

/** URL parameters overridden by an `application/x-www-form-urlencoded` body, as Go's FormValue. */
export const mergeForm = (
  query: URLSearchParams,
  contentType: string | undefined,
  body: Uint8Array | undefined
): URLSearchParams => {
  if (
    !body ||
    body.length === 0 ||
    !contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")
  ) {
    return query
  }
  const form = new URLSearchParams(Buffer.from(body).toString("utf8"))
  const merged = new URLSearchParams()
  const keys = new Set([...form.keys(), ...query.keys()])
  for (const k of keys) {
    const values = form.has(k) ? [...form.getAll(k), ...query.getAll(k)] : query.getAll(k)
    for (const v of values) merged.append(k, v)
  }
  return merged
}
