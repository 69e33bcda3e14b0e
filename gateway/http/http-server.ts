/**
 * The gateway's HTTP listener: node:http with a route table, request metrics with Prometheus's
 * names, body size limits and a graceful close tied to the Scope. It knows nothing about the API
 * it serves; the routes come from the composition root.
 */
import { readFileSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { createServer as createHttpsServer, type ServerOptions } from "node:https"
import type { AddressInfo } from "node:net"
import bcrypt from "bcryptjs"
import { Context, Effect, Schema } from "effect"
import type { WebConfig, WebTlsConfig } from "../../protocols/config/web-config.ts"
import { defaultBuckets, type MetricsRegistry } from "../../protocols/metrics/registry.ts"
import {
  HttpBodyReadError,
  HttpBodyTooLargeError,
  type HttpRequest,
  type HttpResponse,
  type Route,
  text
} from "./http-types.ts"
import { formatListenAddress, parseListenAddress } from "./listen-address.ts"
import { Router } from "./router.ts"

export interface HttpServerConfig {
  readonly listenAddress: string
  /** Default body limit for routes that set none. */
  readonly bodyLimitBytes: number
  /** How long open requests may finish on shutdown before their sockets are closed. */
  readonly shutdownGraceMs: number
  /** `--web.config.file`: TLS, basic auth users (bcrypt hashes), extra response headers. */
  readonly web?: WebConfig
}

export const defaultHttpServerConfig: HttpServerConfig = {
  listenAddress: "0.0.0.0:9090",
  bodyLimitBytes: 32 * 1024 * 1024,
  shutdownGraceMs: 5_000
}

export class HttpListenError extends Schema.TaggedError<HttpListenError>()("HttpListenError", {
  address: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cannot listen on "${this.address}": ${this.reason}`
  }
}

export interface RunningHttpServer {
  /** The bound address, with the real port when 0 was asked for. */
  readonly address: string
  readonly port: number
}

const readBody = (req: IncomingMessage, limitBytes: number) =>
  Effect.callback<Uint8Array, HttpBodyTooLargeError | HttpBodyReadError>((resume) => {
    const declared = Number(req.headers["content-length"] ?? "0")
    if (declared > limitBytes) {
      resume(Effect.fail(new HttpBodyTooLargeError({ limitBytes })))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on("data", (c: Buffer) => {
      if (done) return
      size += c.length
      if (size > limitBytes) {
        done = true
        req.resume()
        resume(Effect.fail(new HttpBodyTooLargeError({ limitBytes })))
        return
      }
      chunks.push(c)
    })
    req.on("end", () => {
      if (done) return
      done = true
      resume(Effect.succeed(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))
    })
    req.on("error", (cause) => {
      if (done) return
      done = true
      resume(Effect.fail(new HttpBodyReadError({ cause })))
    })
  })

const send = (res: ServerResponse, r: HttpResponse) => {
  const body = r.body ?? ""
  res.writeHead(r.status, { ...r.headers, "content-length": String(Buffer.byteLength(body)) })
  res.end(body)
}

/** Node's TLS options for a web config's tls_server_config (files read at start). */
const tlsOptions = (t: WebTlsConfig): ServerOptions => ({
  cert: readFileSync(t.certFile),
  key: readFileSync(t.keyFile),
  ca: t.clientCaFile ? readFileSync(t.clientCaFile) : undefined,
  requestCert: t.clientAuthType !== "NoClientCert",
  rejectUnauthorized:
    t.clientAuthType === "RequireAndVerifyClientCert" || t.clientAuthType === "RequireAnyClientCert",
  minVersion: t.minVersion,
  maxVersion: t.maxVersion
})

/**
 * HTTP basic auth against bcrypt hashes, as exporter-toolkit checks it; bcrypt is slow on
 * purpose, so verdicts for a header value are cached (bounded). No users configured: open.
 */
const basicAuth = (users: Readonly<Record<string, string>>) => {
  const names = Object.keys(users)
  const cache = new Map<string, boolean>()
  return async (header: string | undefined): Promise<boolean> => {
    if (names.length === 0) return true
    if (header === undefined || !header.startsWith("Basic ")) return false
    const known = cache.get(header)
    if (known !== undefined) return known
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8")
    const colon = decoded.indexOf(":")
    const user = colon < 0 ? decoded : decoded.slice(0, colon)
    const password = colon < 0 ? "" : decoded.slice(colon + 1)
    const hash = users[user]
    const ok = hash !== undefined && Object.hasOwn(users, user) && (await bcrypt.compare(password, hash))
    if (cache.size >= 1024) cache.clear()
    cache.set(header, ok)
    return ok
  }
}

/** Starts listening; closes (gracefully, then forcibly after the grace period) with the Scope. */
export const serveHttp = Effect.fn("HttpServer.serve")(function* (
  config: HttpServerConfig,
  routes: ReadonlyArray<Route>,
  metrics: MetricsRegistry
) {
  const parsed = parseListenAddress(config.listenAddress)
  if (typeof parsed === "string") {
    return yield* new HttpListenError({ address: config.listenAddress, reason: parsed })
  }
  const router = new Router(routes)
  const requests = metrics.counter("prometheus_http_requests_total", "Counter of HTTP requests.", [
    "code",
    "handler"
  ])
  const durations = metrics.histogram(
    "prometheus_http_request_duration_seconds",
    "Histogram of latencies for HTTP requests.",
    defaultBuckets,
    ["handler"]
  )
  const context = yield* Effect.context<never>()
  const run = Effect.runPromiseWith(context)

  const authorized = config.web ? basicAuth(config.web.basicAuthUsers) : () => Promise.resolve(true)
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now()
    const url = new URL(req.url ?? "/", "http://vesta")
    const method = req.method ?? "GET"
    const m = router.match(method === "HEAD" ? "GET" : method, url.pathname)
    let handlerName = "other"
    let response: HttpResponse
    if (!(await authorized(req.headers.authorization)))
      response = text(401, "Unauthorized\n", { "www-authenticate": "Basic" })
    else if (m._tag === "NotFound") response = text(404, "404 page not found\n")
    else if (m._tag === "MethodNotAllowed")
      response = text(405, "Method Not Allowed\n", { allow: m.allow.join(", ") })
    else {
      handlerName = m.route.name ?? m.route.path
      const limit = m.route.bodyLimitBytes ?? config.bodyLimitBytes
      const request: HttpRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        params: m.params,
        body: () => readBody(req, limit)
      }
      response = await run(
        m.route
          .handler(request)
          .pipe(
            Effect.catchDefect((defect) =>
              Effect.logError("http handler failed", { handler: handlerName, defect: String(defect) }).pipe(
                Effect.as(text(500, "internal server error\n"))
              )
            )
          )
      )
    }
    if (method === "HEAD") response = { ...response, body: undefined }
    if (config.web && Object.keys(config.web.headers).length > 0)
      response = { ...response, headers: { ...config.web.headers, ...response.headers } }
    send(res, response)
    requests.labels({ code: String(response.status), handler: handlerName }).inc()
    durations.labels({ handler: handlerName }).observe((performance.now() - started) / 1000)
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, text(500, `internal server error: ${String(e)}\n`))
    })
  }
  const tls = config.web?.tls
  const server = tls
    ? createHttpsServer({ keepAliveTimeout: 65_000, ...tlsOptions(tls) }, onRequest)
    : createServer({ keepAliveTimeout: 65_000 }, onRequest)
  yield* Effect.acquireRelease(
    Effect.callback<void, HttpListenError>((resume) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        resume(
          Effect.fail(new HttpListenError({ address: config.listenAddress, reason: e.code ?? e.message }))
        )
      )
      server.listen({ host: parsed.host, port: parsed.port }, () => resume(Effect.void))
    }),
    () =>
      Effect.callback<void>((resume) => {
        const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs)
        server.close(() => {
          clearTimeout(force)
          resume(Effect.void)
        })
        server.closeIdleConnections()
      })
  )
  const info = server.address() as AddressInfo
  const address = formatListenAddress(parsed.host ?? "0.0.0.0", info.port)
  yield* Effect.logInfo("Listening on", { address })
  return { address, port: info.port } satisfies RunningHttpServer
})

/** The running listener, for roles that need to know the bound port. */
export class HttpServer extends Context.Service<HttpServer, RunningHttpServer>()("gateway/http/HttpServer") {}
