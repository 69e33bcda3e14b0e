/**
 * The HTTP client block shared by scrape configs, SD, alertmanagers and remote write/read, as in
 * Prometheus's common config: basic_auth, authorization/bearer, TLS, proxy, redirects. Secrets are
 * kept as read and must never be logged; `redactedConfig` consumers print `<secret>`.
 */
import { type Cursor, readBool, readObject, readOptionalString, readString } from "./yaml-reader.ts"

export interface TlsConfig {
  readonly caFile?: string
  readonly ca?: string
  readonly certFile?: string
  readonly cert?: string
  readonly keyFile?: string
  readonly key?: string
  readonly serverName?: string
  readonly insecureSkipVerify: boolean
  readonly minVersion?: string
  readonly maxVersion?: string
}

export interface HttpClientConfig {
  readonly basicAuth?: {
    readonly username: string
    readonly password?: string
    readonly passwordFile?: string
  }
  readonly authorization?: {
    readonly type: string
    readonly credentials?: string
    readonly credentialsFile?: string
  }
  readonly tls: TlsConfig
  readonly proxyUrl?: string
  readonly followRedirects: boolean
  readonly enableHttp2: boolean
}

/** The field names this block owns, so an enclosing reader can accept them. */
export const httpClientFields = [
  "basic_auth",
  "authorization",
  "bearer_token",
  "bearer_token_file",
  "tls_config",
  "proxy_url",
  "follow_redirects",
  "enable_http2",
  "oauth2",
  "no_proxy",
  "proxy_from_environment",
  "proxy_connect_header"
] as const

const readTls = (c: Cursor): TlsConfig =>
  readObject(c, "config.TLSConfig", (f) => ({
    caFile: readOptionalString(f("ca_file")),
    ca: readOptionalString(f("ca")),
    certFile: readOptionalString(f("cert_file")),
    cert: readOptionalString(f("cert")),
    keyFile: readOptionalString(f("key_file")),
    key: readOptionalString(f("key")),
    serverName: readOptionalString(f("server_name")),
    insecureSkipVerify: readBool(f("insecure_skip_verify"), false),
    minVersion: readTlsVersion(f("min_version")),
    maxVersion: readTlsVersion(f("max_version"))
  }))

/** TLS10…TLS13, as Prometheus's common config names them. */
const readTlsVersion = (c: Cursor): string | undefined => {
  const v = readOptionalString(c)
  if (v !== undefined && !/^TLS1[0-3]$/.test(v)) c.fail(`unknown TLS version: ${v}`)
  return v
}

/** Reads the HTTP client fields through the enclosing object's `field` accessor. */
export const readHttpClientConfig = (field: (name: string) => Cursor): HttpClientConfig => {
  const ba = field("basic_auth")
  const auth = field("authorization")
  const bearer = readOptionalString(field("bearer_token"))
  const bearerFile = readOptionalString(field("bearer_token_file"))
  const oauth2 = field("oauth2")
  if (!oauth2.isNull) oauth2.fail("oauth2 is not supported yet")
  field("no_proxy")
  field("proxy_from_environment")
  field("proxy_connect_header")
  const basicAuth = ba.isNull
    ? undefined
    : readObject(ba, "config.BasicAuth", (f) => ({
        username: readString(f("username"), ""),
        password: readOptionalString(f("password")),
        passwordFile: readOptionalString(f("password_file"))
      }))
  let authorization = auth.isNull
    ? undefined
    : readObject(auth, "config.Authorization", (f) => ({
        type: readString(f("type"), "Bearer"),
        credentials: readOptionalString(f("credentials")),
        credentialsFile: readOptionalString(f("credentials_file"))
      }))
  if (bearer !== undefined || bearerFile !== undefined) {
    if (authorization)
      field("bearer_token").fail(
        "at most one of bearer_token, bearer_token_file & authorization must be configured"
      )
    authorization = { type: "Bearer", credentials: bearer, credentialsFile: bearerFile }
  }
  if (basicAuth && authorization) {
    ba.fail("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
  }
  if (basicAuth?.password !== undefined && basicAuth.passwordFile !== undefined) {
    ba.fail("at most one of basic_auth password & password_file must be configured")
  }
  return {
    basicAuth,
    authorization,
    tls: readTls(field("tls_config")),
    proxyUrl: readOptionalString(field("proxy_url")),
    followRedirects: readBool(field("follow_redirects"), true),
    enableHttp2: readBool(field("enable_http2"), true)
  }
}
