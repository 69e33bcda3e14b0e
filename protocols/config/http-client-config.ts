/**
 * The HTTP client block shared by scrape configs, SD, alertmanagers and remote write/read, as in
 * Prometheus's common config: basic_auth, authorization/bearer, TLS, proxy, redirects. Secrets are
 * kept as read and must never be logged; `redactedConfig` consumers print `<secret>`.
 */
import {
  type Cursor,
  readBool,
  readList,
  readMap,
  readObject,
  readOptionalString,
  readString,
  readStringMap
} from "./yaml-reader.ts"

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

/** OAuth 2.0 client credentials (Prometheus's `oauth2` block): a token fetched and sent as a bearer. */
export interface OAuth2Config {
  readonly clientId: string
  readonly clientSecret?: string
  readonly clientSecretFile?: string
  readonly scopes: ReadonlyArray<string>
  readonly tokenUrl: string
  readonly endpointParams: Readonly<Record<string, string>>
  readonly tls: TlsConfig
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
  readonly oauth2?: OAuth2Config
  readonly tls: TlsConfig
  readonly proxyUrl?: string
  /** Hosts, domains and CIDRs reached directly despite proxy_url (Go's NO_PROXY syntax). */
  readonly noProxy?: string
  /** HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment (as Go's ProxyFromEnvironment). */
  readonly proxyFromEnvironment: boolean
  /** Headers sent to the proxy with CONNECT (TLS targets). Secrets. */
  readonly proxyConnectHeader: Readonly<Record<string, ReadonlyArray<string>>>
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

const readOAuth2 = (c: Cursor): OAuth2Config => {
  const o = readObject(c, "config.OAuth2", (f) => {
    const proxy = readOptionalString(f("proxy_url"))
    if (proxy !== undefined && proxy !== "") f("proxy_url").fail("oauth2 proxy_url is not supported yet")
    return {
      clientId: readString(f("client_id"), ""),
      clientSecret: readOptionalString(f("client_secret")),
      clientSecretFile: readOptionalString(f("client_secret_file")),
      scopes: readList(f("scopes"), (x) => readString(x, "")),
      tokenUrl: readString(f("token_url"), ""),
      endpointParams: readStringMap(f("endpoint_params")),
      tls: readTls(f("tls_config"))
    }
  })
  // Prometheus's checks, in its order and words.
  if (o.clientId === "") c.fail("oauth2 client_id must be configured")
  const secret = (o.clientSecret ?? "") !== ""
  const secretFile = (o.clientSecretFile ?? "") !== ""
  if (!secret && !secretFile) c.fail("either oauth2 client_secret or client_secret_file must be configured")
  if (secret && secretFile)
    c.fail("at most one of oauth2 client_secret & client_secret_file must be configured")
  if (o.tokenUrl === "") c.fail("oauth2 token_url must be configured")
  return o
}

/** Reads the HTTP client fields through the enclosing object's `field` accessor. */
export const readHttpClientConfig = (field: (name: string) => Cursor): HttpClientConfig => {
  const ba = field("basic_auth")
  const auth = field("authorization")
  const bearer = readOptionalString(field("bearer_token"))
  const bearerFile = readOptionalString(field("bearer_token_file"))
  const oauth2Field = field("oauth2")
  const basicAuth = ba.isNull
    ? undefined
    : readObject(ba, "config.BasicAuth", (f) => ({
        username: readString(f("username"), ""),
        password: readOptionalString(f("password")),
        passwordFile: readOptionalString(f("password_file"))
      }))
  const authorization = auth.isNull
    ? undefined
    : readObject(auth, "config.Authorization", (f) => ({
        type: readString(f("type"), "Bearer"),
        credentials: readOptionalString(f("credentials")),
        credentialsFile: readOptionalString(f("credentials_file"))
      }))
  const oauth2 = oauth2Field.isNull ? undefined : readOAuth2(oauth2Field)
  // Prometheus's checks, in its order and words (observed with promtool check config).
  const hasBearer = (bearer ?? "") !== "" || (bearerFile ?? "") !== ""
  if ((bearer ?? "") !== "" && (bearerFile ?? "") !== "")
    field("bearer_token").fail("at most one of bearer_token & bearer_token_file must be configured")
  if ((basicAuth || oauth2) && hasBearer)
    (basicAuth ? ba : oauth2Field).fail(
      "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"
    )
  if (basicAuth?.password !== undefined && basicAuth.passwordFile !== undefined) {
    ba.fail("at most one of basic_auth password & password_file must be configured")
  }
  if (authorization) {
    if ((authorization.credentials ?? "") !== "" && (authorization.credentialsFile ?? "") !== "")
      auth.fail("at most one of authorization credentials & credentials_file must be configured")
    if (hasBearer) auth.fail("authorization is not compatible with bearer_token & bearer_token_file")
  }
  if ([basicAuth, oauth2, authorization].filter((x) => x !== undefined).length > 1)
    (basicAuth ? ba : oauth2Field).fail(
      "at most one of basic_auth, oauth2 & authorization must be configured"
    )
  const proxyUrl = readOptionalString(field("proxy_url"))
  const noProxy = readOptionalString(field("no_proxy"))
  const proxyFromEnvironment = readBool(field("proxy_from_environment"), false)
  const connect = field("proxy_connect_header")
  const proxyConnectHeader = readMap(connect, (h) => readList(h, (x) => readString(x, "")))
  const hasProxyUrl = (proxyUrl ?? "") !== ""
  if ((noProxy ?? "") !== "" && !hasProxyUrl)
    field("no_proxy").fail("if no_proxy is configured, proxy_url must also be configured")
  if (proxyFromEnvironment && hasProxyUrl)
    field("proxy_from_environment").fail(
      "if proxy_from_environment is configured, proxy_url must not be configured"
    )
  if (proxyFromEnvironment && (noProxy ?? "") !== "")
    field("proxy_from_environment").fail(
      "if proxy_from_environment is configured, no_proxy must not be configured"
    )
  if (Object.keys(proxyConnectHeader).length > 0 && !hasProxyUrl && !proxyFromEnvironment)
    connect.fail("if proxy_connect_header is configured proxy_url must also be configured")
  if (hasProxyUrl && !URL.canParse(proxyUrl as string))
    field("proxy_url").fail(`invalid proxy_url ${JSON.stringify(proxyUrl)}`)
  return {
    basicAuth,
    authorization: hasBearer
      ? { type: "Bearer", credentials: bearer, credentialsFile: bearerFile }
      : authorization,
    oauth2,
    tls: readTls(field("tls_config")),
    proxyUrl,
    noProxy,
    proxyFromEnvironment,
    proxyConnectHeader,
    followRedirects: readBool(field("follow_redirects"), true),
    enableHttp2: readBool(field("enable_http2"), true)
  }
}
