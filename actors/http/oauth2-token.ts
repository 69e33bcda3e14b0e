/**
 * OAuth 2.0 client credentials for Prometheus's `oauth2` block, behaving as 2.42 does (observed
 * against it with a local token endpoint): a form POST to token_url with grant_type, the scopes
 * space-joined and endpoint_params (which may override grant_type); the client id and secret go
 * first in a Basic header (each query-escaped), and when that fails once more in the form body,
 * and the style that worked is kept. The token is shared by every request made with the same
 * config, and fetched again 10 s before it expires. The secret file is read at each fetch.
 */
import { readFileSync } from "node:fs"
import { request as httpRequest, type IncomingMessage } from "node:http"
import { request as httpsRequest } from "node:https"
import type { OAuth2Config } from "../../protocols/config/http-client-config.ts"
import { goFormEncode, goQueryEscape } from "./go-url.ts"
import { tlsRequestOptions } from "./tls-options.ts"

interface Token {
  /** The Authorization header value. */
  readonly header: string
  /** 0: does not expire. */
  readonly expiresAtMs: number
}

interface TokenState {
  token?: Token
  pending?: Promise<Token>
  style?: "header" | "params"
}

/** x/oauth2's expiryDelta: a token is renewed this long before it expires. */
const expiryDeltaMs = 10_000

const states = new WeakMap<OAuth2Config, TokenState>()

/** Go's Token.Type(): bearer, mac and basic in their canonical case, empty as Bearer. */
const tokenType = (t: string): string => {
  const lower = t.toLowerCase()
  if (lower === "" || lower === "bearer") return "Bearer"
  if (lower === "mac") return "MAC"
  if (lower === "basic") return "Basic"
  return t
}

const post = (
  url: string,
  body: string,
  headers: Record<string, string>,
  c: OAuth2Config,
  timeoutMs: number
): Promise<{ status: string; ok: boolean; contentType: string; body: string }> =>
  new Promise((resolve, reject) => {
    const u = new URL(url)
    const options = {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      timeout: timeoutMs,
      ...(u.protocol === "https:" ? tlsRequestOptions(c.tls) : {})
    }
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      res.on("data", (d: Buffer) => chunks.push(d))
      res.on("error", reject)
      res.on("end", () => {
        const code = res.statusCode ?? 0
        resolve({
          status: `${code} ${res.statusMessage ?? ""}`.trimEnd(),
          ok: code >= 200 && code < 300,
          contentType: String(res.headers["content-type"] ?? ""),
          body: Buffer.concat(chunks).toString("utf8")
        })
      })
    }
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(u, options, onResponse)
    req.on("timeout", () => req.destroy(new Error("context deadline exceeded")))
    req.on("error", (e) => reject(new Error(`Post ${JSON.stringify(url)}: ${e.message}`)))
    req.end(body)
  })

/** One token request in one style; throws with 2.42's message on failure. */
const fetchToken = async (
  c: OAuth2Config,
  style: "header" | "params",
  userAgent: string,
  timeoutMs: number
): Promise<Token> => {
  const secret = c.clientSecret ?? readFileSync(c.clientSecretFile ?? "", "utf8").trim()
  const form: Record<string, string> = { grant_type: "client_credentials" }
  if (c.scopes.length > 0) form.scope = c.scopes.join(" ")
  Object.assign(form, c.endpointParams)
  const headers: Record<string, string> = { "user-agent": userAgent }
  if (style === "header")
    headers.authorization = `Basic ${Buffer.from(`${goQueryEscape(c.clientId)}:${goQueryEscape(secret)}`).toString("base64")}`
  else {
    form.client_id = c.clientId
    if (secret !== "") form.client_secret = secret
  }
  const started = Date.now()
  const res = await post(c.tokenUrl, goFormEncode(form), headers, c, timeoutMs)
  if (!res.ok) throw new Error(`oauth2: cannot fetch token: ${res.status}\nResponse: ${res.body}`)
  const mime = res.contentType.split(";")[0].trim().toLowerCase()
  let fields: { access_token?: unknown; token_type?: unknown; expires_in?: unknown }
  if (mime === "application/x-www-form-urlencoded" || mime === "text/plain")
    fields = Object.fromEntries(new URLSearchParams(res.body))
  else {
    try {
      fields = JSON.parse(res.body) as typeof fields
    } catch (e) {
      throw new Error(`oauth2: cannot parse json: ${(e as Error).message}`)
    }
  }
  const access = typeof fields.access_token === "string" ? fields.access_token : ""
  if (access === "") throw new Error("oauth2: server response missing access_token")
  const expiresIn = Number(fields.expires_in ?? 0)
  return {
    header: `${tokenType(typeof fields.token_type === "string" ? fields.token_type : "")} ${access}`,
    expiresAtMs: Number.isFinite(expiresIn) && expiresIn > 0 ? started + expiresIn * 1000 : 0
  }
}

/** Auto-detects the client authentication style the first time, as x/oauth2 does. */
const fetchWithStyle = async (c: OAuth2Config, s: TokenState, userAgent: string, timeoutMs: number) => {
  if (s.style !== undefined) return fetchToken(c, s.style, userAgent, timeoutMs)
  try {
    const t = await fetchToken(c, "header", userAgent, timeoutMs)
    s.style = "header"
    return t
  } catch {
    const t = await fetchToken(c, "params", userAgent, timeoutMs)
    s.style = "params"
    return t
  }
}

/**
 * The Authorization header for a request made with `c` (e.g. `Bearer abc`), from the shared token
 * while it is valid, or fetched now within `timeoutMs`. Rejects with the error the request fails
 * with (Prometheus prefixes it with the request, `Get "<url>": …`).
 */
export const oauth2Authorization = async (
  c: OAuth2Config,
  userAgent: string,
  timeoutMs: number
): Promise<string> => {
  let s = states.get(c)
  if (s === undefined) states.set(c, (s = {}))
  const t = s.token
  if (t !== undefined && (t.expiresAtMs === 0 || Date.now() < t.expiresAtMs - expiryDeltaMs)) return t.header
  const state = s
  state.pending ??= fetchWithStyle(c, state, userAgent, timeoutMs).finally(() => {
    state.pending = undefined
  })
  const fresh = await state.pending
  state.token = fresh
  return fresh.header
}
