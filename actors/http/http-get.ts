/**
 * A GET with Prometheus's HTTP client config (basic auth, bearer, TLS options), a timeout, gzip
 * and a body size limit, returning the body or the error text Prometheus would show. Used by
 * scrapes and HTTP service discovery; callers add their own headers and status rules.
 */
import { readFileSync } from "node:fs"
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  STATUS_CODES
} from "node:http"
import { Agent as HttpsAgent, request as httpsRequest } from "node:https"
import { isIP } from "node:net"
import { connect as tlsConnect } from "node:tls"
import { createGunzip } from "node:zlib"
import type { HttpClientConfig } from "../../protocols/config/http-client-config.ts"
import { oauth2Authorization } from "./oauth2-token.ts"
import { proxyFor } from "./proxy-for.ts"
import { tlsRequestOptions } from "./tls-options.ts"

export interface GetRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly timeoutMs: number
  /** 0 = unlimited. */
  readonly bodySizeLimitBytes: number
  readonly http: HttpClientConfig
}

export type GetResponse =
  | { readonly ok: true; readonly status: number; readonly contentType: string; readonly body: Buffer }
  | { readonly ok: false; readonly error: string }

const secret = (inline: string | undefined, file: string | undefined): string | undefined =>
  inline ?? (file ? readFileSync(file, "utf8").trim() : undefined)

export const authHeader = (c: HttpClientConfig): string | undefined => {
  if (c.basicAuth) {
    const password = secret(c.basicAuth.password, c.basicAuth.passwordFile) ?? ""
    return `Basic ${Buffer.from(`${c.basicAuth.username}:${password}`).toString("base64")}`
  }
  if (c.authorization) {
    const credentials = secret(c.authorization.credentials, c.authorization.credentialsFile)
    return credentials === undefined ? undefined : `${c.authorization.type} ${credentials}`
  }
  return undefined
}

/** Reads the body, gunzipping when Content-Encoding is exactly gzip, within the size limit. */
const readBody = (res: IncomingMessage, limit: number) =>
  new Promise<Buffer>((resolve, reject) => {
    const source = res.headers["content-encoding"] === "gzip" ? res.pipe(createGunzip()) : res
    const chunks: Buffer[] = []
    let size = 0
    source.on("data", (c: Buffer) => {
      size += c.length
      if (limit > 0 && size > limit) {
        source.destroy()
        res.destroy()
        reject(new Error("body size limit exceeded"))
        return
      }
      chunks.push(c)
    })
    source.on("end", () => resolve(Buffer.concat(chunks)))
    source.on("error", (e) => reject(e))
  })

/** `server returned HTTP status 500 Internal Server Error`, as Prometheus words it. */
export const statusError = (status: number) =>
  `server returned HTTP status ${status} ${STATUS_CODES[status] ?? ""}`.trimEnd()

/**
 * Connections are kept between scrapes, idle up to 5 minutes (Prometheus's idle connection
 * timeout; Node's global agent drops them after 5 s, so a 15 s scrape would connect, and for TLS
 * handshake, every time). A connection the server closed meanwhile is detected on reuse (above).
 */
const keepAlive = { keepAlive: true, timeout: 5 * 60_000, maxFreeSockets: 1024, scheduling: "lifo" as const }
const httpAgent = new HttpAgent(keepAlive)
const httpsAgent = new HttpsAgent(keepAlive)

/** Statuses Go's client follows (with follow_redirects, Prometheus's default), at most 10 times. */
const redirectStatuses = new Set([301, 302, 303, 307, 308])
const redirectsMax = 10

type Hop =
  | {
      readonly ok: true
      readonly status: number
      readonly location?: string
      readonly contentType: string
      readonly body: Buffer
    }
  | { readonly ok: false; readonly error: string }

/**
 * A GET that follows redirects like Go's http.Client when `follow_redirects` is on (the default):
 * up to 10, within the one timeout, the Authorization header kept only on the same host.
 */
export const httpGet = async (r: GetRequest): Promise<GetResponse> => {
  const deadline = Date.now() + r.timeoutMs
  let url = r.url
  let auth: string | undefined
  try {
    auth = r.http.oauth2
      ? await oauth2Authorization(r.http.oauth2, r.headers["user-agent"] ?? "Vesta", r.timeoutMs)
      : authHeader(r.http)
  } catch (e) {
    return { ok: false, error: `Get ${JSON.stringify(r.url)}: ${(e as Error).message}` }
  }
  const firstHost = URL.canParse(r.url) ? new URL(r.url).host : ""
  for (let redirects = 0; ; redirects++) {
    const sameHost = URL.canParse(url) && new URL(url).host === firstHost
    const hop = await getOnce(r, url, Math.max(0, deadline - Date.now()), sameHost ? auth : undefined)
    if (!hop.ok) return hop // like Go's url.Error, it names the request that failed
    if (!r.http.followRedirects || !redirectStatuses.has(hop.status) || hop.location === undefined) return hop
    if (redirects === redirectsMax)
      return { ok: false, error: `Get ${JSON.stringify(url)}: stopped after 10 redirects` }
    url = new URL(hop.location, url).toString()
  }
}

const getOnce = (r: GetRequest, target: string, timeoutMs: number, auth: string | undefined): Promise<Hop> =>
  new Promise((resolve) => {
    let done = false
    let timer: NodeJS.Timeout | undefined
    const finish = (v: Hop) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(v)
    }
    let url: URL
    try {
      url = new URL(target)
    } catch {
      finish({ ok: false, error: `invalid URL ${JSON.stringify(target)}` })
      return
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      finish({
        ok: false,
        error: `Get ${JSON.stringify(target)}: unsupported protocol scheme ${JSON.stringify(url.protocol.slice(0, -1))}`
      })
      return
    }
    const headers: Record<string, string> = { "accept-encoding": "gzip", ...r.headers }
    if (auth) headers.authorization = auth
    const options = {
      method: "GET",
      headers,
      ...(url.protocol === "https:" ? tlsRequestOptions(r.http.tls) : {})
    }
    const onResponse = (res: IncomingMessage) => {
      const status = res.statusCode ?? 0
      const location = res.headers.location
      if (r.http.followRedirects && redirectStatuses.has(status) && location !== undefined) {
        res.resume() // the body of a redirect is not read
        finish({ ok: true, status, location, contentType: "", body: Buffer.alloc(0) })
        return
      }
      readBody(res, r.bodySizeLimitBytes).then(
        (body) => finish({ ok: true, status, contentType: String(res.headers["content-type"] ?? ""), body }),
        (e: Error) => finish({ ok: false, error: e.message })
      )
    }
    const fail = (e: Error) => finish({ ok: false, error: `Get ${JSON.stringify(target)}: ${e.message}` })
    let current: ClientRequest | undefined
    timer = setTimeout(() => {
      current?.destroy()
      finish({ ok: false, error: `Get ${JSON.stringify(target)}: context deadline exceeded` })
    }, timeoutMs)
    const send = (req: ClientRequest) => {
      current = req
      req.on("error", fail)
      req.end()
    }
    const proxy = proxyFor(r.http, url)
    if (!proxy) {
      const direct = (retry: boolean) => {
        const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(
          url,
          { ...options, agent: url.protocol === "https:" ? httpsAgent : httpAgent },
          onResponse
        )
        current = req
        req.on("error", (e: NodeJS.ErrnoException) => {
          // The server closed an idle kept-alive connection as this request went out on it: sent
          // again once on a new connection, as Go's client does for a GET.
          if (retry && req.reusedSocket && (e.code === "ECONNRESET" || e.code === "EPIPE")) direct(false)
          else fail(e)
        })
        req.end()
      }
      direct(true)
      return
    }
    // proxy_url (an HTTP proxy): plain targets go in absolute form, TLS targets through CONNECT.
    const proxyHeaders: Record<string, string> = proxy.username
      ? {
          "proxy-authorization": `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`
        }
      : {}
    const port = url.port || (url.protocol === "https:" ? "443" : "80")
    const viaProxy = { host: proxy.hostname, port: proxy.port || "80" }
    if (url.protocol === "http:") {
      send(
        httpRequest(
          {
            ...viaProxy,
            method: "GET",
            path: url.toString(),
            headers: { ...headers, host: url.host, ...proxyHeaders }
          },
          onResponse
        )
      )
      return
    }
    const connect = httpRequest({
      ...viaProxy,
      method: "CONNECT",
      path: `${url.hostname}:${port}`,
      headers: { host: `${url.hostname}:${port}`, ...proxyHeaders, ...r.http.proxyConnectHeader }
    })
    connect.on("connect", (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy()
        // Go's client reports the status text of the proxy's answer.
        fail(new Error(res.statusMessage || "unknown status code"))
        return
      }
      const tlsOptions = options as Record<string, unknown>
      const secure = tlsConnect({
        ...tlsOptions,
        socket,
        host: url.hostname, // the certificate is checked against the target, not the proxy
        servername: r.http.tls.serverName ?? (isIP(url.hostname) ? undefined : url.hostname)
      })
      send(httpsRequest(url, { ...options, createConnection: () => secure }, onResponse))
    })
    send(connect)
  })
