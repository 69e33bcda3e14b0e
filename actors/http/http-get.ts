/**
 * A GET with Prometheus's HTTP client config (basic auth, bearer, TLS options), a timeout, gzip
 * and a body size limit, returning the body or the error text Prometheus would show. Used by
 * scrapes and HTTP service discovery; callers add their own headers and status rules.
 */
import { readFileSync } from "node:fs"
import { request as httpRequest, type IncomingMessage, STATUS_CODES } from "node:http"
import { request as httpsRequest } from "node:https"
import { createGunzip } from "node:zlib"
import type { HttpClientConfig } from "../../protocols/config/http-client-config.ts"

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

export const httpGet = (r: GetRequest): Promise<GetResponse> =>
  new Promise((resolve) => {
    let done = false
    let timer: NodeJS.Timeout | undefined
    const finish = (v: GetResponse) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(v)
    }
    let url: URL
    try {
      url = new URL(r.url)
    } catch {
      finish({ ok: false, error: `invalid URL ${JSON.stringify(r.url)}` })
      return
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      finish({
        ok: false,
        error: `Get ${JSON.stringify(r.url)}: unsupported protocol scheme ${JSON.stringify(url.protocol.slice(0, -1))}`
      })
      return
    }
    const headers: Record<string, string> = { "accept-encoding": "gzip", ...r.headers }
    const auth = authHeader(r.http)
    if (auth) headers.authorization = auth
    const tls = r.http.tls
    const options = {
      method: "GET",
      headers,
      ...(url.protocol === "https:"
        ? {
            ca: tls.ca ?? (tls.caFile ? readFileSync(tls.caFile) : undefined),
            cert: tls.cert ?? (tls.certFile ? readFileSync(tls.certFile) : undefined),
            key: tls.key ?? (tls.keyFile ? readFileSync(tls.keyFile) : undefined),
            servername: tls.serverName,
            rejectUnauthorized: !tls.insecureSkipVerify
          }
        : {})
    }
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, options, (res) => {
      const status = res.statusCode ?? 0
      readBody(res, r.bodySizeLimitBytes).then(
        (body) => finish({ ok: true, status, contentType: String(res.headers["content-type"] ?? ""), body }),
        (e: Error) => finish({ ok: false, error: e.message })
      )
    })
    timer = setTimeout(() => {
      req.destroy()
      finish({ ok: false, error: `Get ${JSON.stringify(r.url)}: context deadline exceeded` })
    }, r.timeoutMs)
    req.on("error", (e: NodeJS.ErrnoException) =>
      finish({ ok: false, error: `Get ${JSON.stringify(r.url)}: ${e.message}` })
    )
    req.end()
  })
