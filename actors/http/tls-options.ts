/**
 * A tls_config block (Prometheus's common config) as Node's TLS request options: CA, client
 * certificate and key (inline or from files, read per request so rotated files are picked up),
 * server name, verification, and TLS versions by Go's names.
 */
import { readFileSync } from "node:fs"
import type { TlsConfig } from "../../protocols/config/http-client-config.ts"

/** tls_config min_version (Go's names) as Node's. */
const nodeTlsVersions: Record<string, "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3"> = {
  TLS10: "TLSv1",
  TLS11: "TLSv1.1",
  TLS12: "TLSv1.2",
  TLS13: "TLSv1.3"
}

/** Node's minVersion/maxVersion; a max below Node's default minimum (TLS 1.2) lowers the minimum. */
const tlsVersions = (min: string | undefined, max: string | undefined) => ({
  ...(min || (max && max < "TLS12") ? { minVersion: nodeTlsVersions[min ?? max ?? "TLS12"] } : {}),
  ...(max ? { maxVersion: nodeTlsVersions[max] } : {})
})

export const tlsRequestOptions = (tls: TlsConfig) => ({
  ca: tls.ca ?? (tls.caFile ? readFileSync(tls.caFile) : undefined),
  cert: tls.cert ?? (tls.certFile ? readFileSync(tls.certFile) : undefined),
  key: tls.key ?? (tls.keyFile ? readFileSync(tls.keyFile) : undefined),
  servername: tls.serverName,
  rejectUnauthorized: !tls.insecureSkipVerify,
  ...tlsVersions(tls.minVersion, tls.maxVersion)
})
