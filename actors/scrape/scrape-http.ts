/**
 * One HTTP scrape as Prometheus 2.42 performs it (spec §1.1): its Accept header, gzip, the
 * timeout header, only 200 counts, `body_size_limit`, basic auth / bearer / TLS options. Returns
 * the body and its Content-Type, or the error text Prometheus would show as `lastError`. It does
 * not parse; the scrape loop picks a parser from the Content-Type.
 */
import { readFileSync } from "node:fs"
import { request as httpRequest, type IncomingMessage, STATUS_CODES } from "node:http"
import { request as httpsRequest } from "node:https"
import { createGunzip } from "node:zlib"
import type { HttpClientConfig } from "../../protocols/config/http-client-config.ts"

export const scrapeAcceptHeader =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

export interface ScrapeRequest {
  readonly url: string
  readonly timeoutMs: number
  /** 0 = unlimited. */
  readonly bodySizeLimitBytes: number
  readonly http: HttpClientConfig
  readonly userAgent: string
}

export type ScrapeResponse =
  | { readonly ok: true; readonly contentType: string; readonly body: Buffer }
  | { readonly ok: false; readonly error: string }

const secret = (inline: string | undefined, file: string | undefined): string | undefined =>
  inline ?? (file ? readFileSync(file, "utf8").trim() : undefined)

const authHeader = (c: HttpClientConfig): string | undefined => {
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

const timeoutSeconds = (ms: number) => String(ms / 1000)

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

export const scrapeHttp = (r: ScrapeRequest): Promise<ScrapeResponse> =>
  new Promise((resolve) => {
    let done = false
    const finish = (v: ScrapeResponse) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(v)
    }
    let url: URL
    try {
      url = new URL(r.url)
    } catch {
      finish({ ok: false, error: `invalid scrape URL ${JSON.stringify(r.url)}` })
      return
    }
    const headers: Record<string, string> = {
      accept: scrapeAcceptHeader,
      "accept-encoding": "gzip",
      "user-agent": r.userAgent,
      "x-prometheus-scrape-timeout-seconds": timeoutSeconds(r.timeoutMs)
    }
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
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      finish({
        ok: false,
        error: `Get ${JSON.stringify(r.url)}: unsupported protocol scheme ${JSON.stringify(url.protocol.slice(0, -1))}`
      })
      return
    }
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, options, (res) => {
      const status = res.statusCode ?? 0
      if (status !== 200) {
        res.resume()
        finish({
          ok: false,
          error: `server returned HTTP status ${status} ${STATUS_CODES[status] ?? ""}`.trimEnd()
        })
        return
      }
      readBody(res, r.bodySizeLimitBytes).then(
        (body) => finish({ ok: true, contentType: String(res.headers["content-type"] ?? ""), body }),
        (e: Error) => finish({ ok: false, error: e.message })
      )
    })
    const timer = setTimeout(() => {
      req.destroy()
      finish({ ok: false, error: `Get ${JSON.stringify(r.url)}: context deadline exceeded` })
    }, r.timeoutMs)
    req.on("error", (e: NodeJS.ErrnoException) =>
      finish({ ok: false, error: `Get ${JSON.stringify(r.url)}: ${e.message}` })
    )
    req.end()
  })

/** The parser the 2.42 scraper picks: OpenMetrics for its media type, text 0.0.4 for anything else. */
export const isOpenMetrics = (contentType: string): boolean =>
  contentType.split(";")[0].trim().toLowerCase() === "application/openmetrics-text"
