/**
 * `--web.config.file`: Prometheus's web configuration (exporter-toolkit's format): TLS for the
 * listener (`tls_server_config`), HTTP basic auth with bcrypt-hashed passwords
 * (`basic_auth_users`) and extra response headers (`http_server_config.headers`). Strict like
 * the original: unknown fields are errors naming the field; files are read relative to the config
 * file's directory. Pure parsing; the listener applies it (gateway/http).
 */
import { dirname, isAbsolute, join } from "node:path"
import {
  type Cursor,
  openDocument,
  readBool,
  readList,
  readObject,
  readOptionalString,
  readStringMap
} from "./yaml-reader.ts"

export type ClientAuthType =
  | "NoClientCert"
  | "RequestClientCert"
  | "RequireAnyClientCert"
  | "VerifyClientCertIfGiven"
  | "RequireAndVerifyClientCert"

export interface WebTlsConfig {
  readonly certFile: string
  readonly keyFile: string
  readonly clientAuthType: ClientAuthType
  readonly clientCaFile?: string
  readonly minVersion: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3"
  readonly maxVersion: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3"
}

export interface WebConfig {
  readonly tls?: WebTlsConfig
  /** user → bcrypt hash */
  readonly basicAuthUsers: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
}

const clientAuthTypes: ReadonlyArray<ClientAuthType> = [
  "NoClientCert",
  "RequestClientCert",
  "RequireAnyClientCert",
  "VerifyClientCertIfGiven",
  "RequireAndVerifyClientCert"
]

const tlsVersions: Record<string, WebTlsConfig["minVersion"]> = {
  TLS10: "TLSv1",
  TLS11: "TLSv1.1",
  TLS12: "TLSv1.2",
  TLS13: "TLSv1.3"
}

/** The response headers exporter-toolkit lets a web config set. */
const allowedHeaders = [
  "Strict-Transport-Security",
  "X-Content-Type-Options",
  "X-Frame-Options",
  "X-XSS-Protection",
  "Content-Security-Policy"
]

const version = (c: Cursor, def: string) => {
  const v = readOptionalString(c) ?? def
  const mapped = tlsVersions[v]
  return mapped ?? c.fail(`unknown TLS version: ${v}`)
}

export const parseWebConfig = (text: string, file: string): WebConfig => {
  const base = dirname(file)
  const path = (p: string) => (isAbsolute(p) ? p : join(base, p))
  const root = openDocument(text)
  return readObject(root, "web.Config", (f) => {
    const tlsCursor = f("tls_server_config")
    const tls = tlsCursor.isNull
      ? undefined
      : readObject(tlsCursor, "web.TLSConfig", (t): WebTlsConfig => {
          const certFile = readOptionalString(t("cert_file"))
          const keyFile = readOptionalString(t("key_file"))
          if (certFile === undefined || certFile === "") t("cert_file").fail("missing cert_file")
          if (keyFile === undefined || keyFile === "") t("key_file").fail("missing key_file")
          const auth = (readOptionalString(t("client_auth_type")) ?? "NoClientCert") as ClientAuthType
          if (!clientAuthTypes.includes(auth)) t("client_auth_type").fail(`invalid ClientAuth: ${auth}`)
          const ca = readOptionalString(t("client_ca_file"))
          if ((auth === "RequireAndVerifyClientCert" || auth === "VerifyClientCertIfGiven") && !ca)
            t("client_ca_file").fail(`client_ca_file is required with client_auth_type ${auth}`)
          readList(t("cipher_suites"), (c) => readOptionalString(c))
          readList(t("curve_preferences"), (c) => readOptionalString(c))
          readList(t("client_allowed_sans"), (c) => readOptionalString(c))
          readBool(t("prefer_server_cipher_suites"), true)
          return {
            certFile: path(certFile as string),
            keyFile: path(keyFile as string),
            clientAuthType: auth,
            clientCaFile: ca ? path(ca) : undefined,
            minVersion: version(t("min_version"), "TLS12"),
            maxVersion: version(t("max_version"), "TLS13")
          }
        })
    const http = readObject(f("http_server_config"), "web.HTTPConfig", (h) => {
      readBool(h("http2"), true)
      const headers = readStringMap(h("headers"))
      for (const name of Object.keys(headers))
        if (!allowedHeaders.some((a) => a.toLowerCase() === name.toLowerCase()))
          h("headers").fail(`HTTP header ${JSON.stringify(name)} can not be configured`)
      return { headers }
    })
    const users = readStringMap(f("basic_auth_users"))
    return { tls, basicAuthUsers: users, headers: http.headers }
  })
}
