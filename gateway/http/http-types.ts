/**
 * The gateway's own request/response shapes: what a handler sees and returns. Handlers are
 * Effects with their services already provided, so the server can run them without knowing them.
 */
import type { IncomingHttpHeaders } from "node:http"
import { type Effect, Schema } from "effect"

export interface HttpRequest {
  readonly method: string
  /** Path without the query string, percent-decoding left to the handler. */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  /** Path parameters captured by the route pattern (`:name` segments). */
  readonly params: Readonly<Record<string, string>>
  /** The whole body, up to the route's size limit (413 beyond it). Read at most once. */
  readonly body: () => Effect.Effect<Uint8Array, HttpBodyTooLargeError | HttpBodyReadError>
}

export interface HttpResponse {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array
}

export type Handler = (request: HttpRequest) => Effect.Effect<HttpResponse>

export interface Route {
  /** e.g. "GET" or ["GET", "POST"]; "*" = any method. */
  readonly method: string | ReadonlyArray<string>
  /** Exact path, with `:name` segments for parameters and a trailing `*rest` for the remainder. */
  readonly path: string
  /** Handler label for self-metrics (`prometheus_http_requests_total{handler}`); defaults to path. */
  readonly name?: string
  readonly bodyLimitBytes?: number
  readonly handler: Handler
}

export class HttpBodyTooLargeError extends Schema.TaggedError<HttpBodyTooLargeError>()(
  "HttpBodyTooLargeError",
  {
    limitBytes: Schema.Number
  }
) {
  override get message() {
    return `request body too large: the limit is ${this.limitBytes} bytes`
  }
}

export class HttpBodyReadError extends Schema.TaggedError<HttpBodyReadError>()("HttpBodyReadError", {
  cause: Schema.Defect()
}) {
  override get message() {
    return `cannot read request body: ${String(this.cause)}`
  }
}

export const text = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  body
})

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(value)
})
