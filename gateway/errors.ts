/**
 * The one map from errors to Prometheus's API error types and HTTP status codes, and the JSON
 * envelope every /api/v1 answer uses. Handlers fail with tagged errors; only this file decides how
 * they look on the wire.
 */
import type { HttpResponse } from "./http/http-types.ts"

export type ErrorType =
  | "bad_data"
  | "execution"
  | "timeout"
  | "canceled"
  | "internal"
  | "unavailable"
  | "not_found"
  | "not_acceptable"

/** Status codes as Prometheus answers them (canceled = 499 as in 2.43+). */
export const errorStatus: Readonly<Record<ErrorType, number>> = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  internal: 500,
  unavailable: 503,
  not_found: 404,
  not_acceptable: 406
}

/**
 * Error tags → error type. A tag not listed here is a bug or an operating error we did not
 * classify: it is reported as `internal`.
 */
const typeByTag: Readonly<Record<string, ErrorType>> = {
  BadParameterError: "bad_data",
  HttpBodyTooLargeError: "bad_data",
  HttpBodyReadError: "bad_data",
  PromqlParseError: "bad_data",
  QueryExecutionError: "execution",
  QueryTooManySamplesError: "execution",
  QueryTimeoutError: "timeout",
  QueryCanceledError: "canceled",
  StorageUnavailableError: "unavailable",
  StorageLimitError: "execution",
  NotFoundError: "not_found"
}

export const errorTypeOf = (e: { readonly _tag: string }): ErrorType => typeByTag[e._tag] ?? "internal"

/** The CORS headers Prometheus sends with `--web.cors.origin='.*'` (its default). */
export const corsHeaders: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "Accept, Authorization, Content-Type, Origin",
  "access-control-expose-headers": "Date",
  vary: "Origin"
}

const jsonHeaders = { "content-type": "application/json", ...corsHeaders }

export interface Annotations {
  readonly warnings?: ReadonlyArray<string>
  readonly infos?: ReadonlyArray<string>
}

/** `{"status":"success","data":…}` with warnings/infos only when there are any. */
export const apiSuccess = (data: unknown, annotations: Annotations = {}): HttpResponse => {
  const body: Record<string, unknown> = { status: "success", data }
  if (annotations.warnings && annotations.warnings.length > 0) body.warnings = annotations.warnings
  if (annotations.infos && annotations.infos.length > 0) body.infos = annotations.infos
  return { status: 200, headers: jsonHeaders, body: JSON.stringify(body) }
}

export const apiError = (errorType: ErrorType, message: string, data?: unknown): HttpResponse => {
  const body: Record<string, unknown> = { status: "error", errorType, error: message }
  if (data !== undefined) body.data = data
  return { status: errorStatus[errorType], headers: jsonHeaders, body: JSON.stringify(body) }
}

/** A tagged error as the API answers it; the message is the error's own. */
export const apiErrorFrom = (e: { readonly _tag: string; readonly message: string }): HttpResponse =>
  apiError(errorTypeOf(e), e.message)
