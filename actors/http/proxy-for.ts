/**
 * Which proxy a request goes through, as Prometheus's HTTP client decides it: `proxy_url` for
 * every request; with `no_proxy`, or with `proxy_from_environment` (HTTP_PROXY / HTTPS_PROXY /
 * NO_PROXY, upper or lower case), by Go's NO_PROXY rules: comma-separated entries, `*` for all,
 * IP addresses and CIDR ranges, domain names matching themselves and their subdomains (a leading
 * `.` or `*.`: subdomains only), each optionally with a port; and then localhost and loopback
 * addresses are never proxied.
 */
import { BlockList, isIP } from "node:net"
import type { HttpClientConfig } from "../../protocols/config/http-client-config.ts"

interface NoProxyEntry {
  readonly host: string
  /** "" for any port. */
  readonly port: string
  /** Subdomains only (a leading `.` or `*.`). */
  readonly subdomainsOnly: boolean
  /** For IP and CIDR entries. */
  readonly ips: BlockList | undefined
}

const splitHostPort = (s: string): [string, string] => {
  if (s.startsWith("[")) {
    const end = s.indexOf("]")
    return [s.slice(1, end), s.slice(end + 2)]
  }
  const colon = s.lastIndexOf(":")
  return colon > 0 && s.indexOf(":") === colon ? [s.slice(0, colon), s.slice(colon + 1)] : [s, ""]
}

const parseEntry = (raw: string): NoProxyEntry | undefined => {
  const e = raw.trim().toLowerCase()
  if (e === "") return undefined
  const slash = e.indexOf("/")
  if (slash > 0) {
    const ip = e.slice(0, slash)
    const kind = isIP(ip)
    if (kind === 0) return undefined
    const ips = new BlockList()
    ips.addSubnet(ip, Number(e.slice(slash + 1)), kind === 6 ? "ipv6" : "ipv4")
    return { host: ip, port: "", subdomainsOnly: false, ips }
  }
  const [host, port] = isIP(e) === 6 ? [e, ""] : splitHostPort(e)
  const kind = isIP(host)
  if (kind !== 0) {
    const ips = new BlockList()
    ips.addAddress(host, kind === 6 ? "ipv6" : "ipv4")
    return { host, port, subdomainsOnly: false, ips }
  }
  const wildcard = host.startsWith("*.") ? host.slice(1) : host
  return wildcard.startsWith(".")
    ? { host: wildcard.slice(1), port, subdomainsOnly: true, ips: undefined }
    : { host: wildcard, port, subdomainsOnly: false, ips: undefined }
}

/** A NO_PROXY list as a predicate on (hostname, port); `*` bypasses the proxy for every host. */
export const noProxyMatcher = (list: string): ((hostname: string, port: string) => boolean) => {
  if (list.split(",").some((e) => e.trim() === "*")) return () => true
  const entries = list.split(",").flatMap((e) => parseEntry(e) ?? [])
  return (hostname, port) => {
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, "")
    const kind = isIP(host)
    return entries.some((e) => {
      if (e.port !== "" && e.port !== port) return false
      if (e.ips !== undefined) return kind !== 0 && e.ips.check(host, kind === 6 ? "ipv6" : "ipv4")
      if (kind !== 0) return false
      return host.endsWith(`.${e.host}`) || (!e.subdomainsOnly && host === e.host)
    })
  }
}

const isLocal = (hostname: string): boolean => {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "")
  if (host === "localhost") return true
  const kind = isIP(host)
  if (kind === 4) return host.startsWith("127.")
  return kind === 6 && (host === "::1" || host === "0:0:0:0:0:0:0:1")
}

const env = (name: string): string => process.env[name] ?? process.env[name.toLowerCase()] ?? ""

/** The proxy for a request to `url`, or undefined to connect directly. */
export const proxyFor = (http: HttpClientConfig, url: URL): URL | undefined => {
  const port = url.port || (url.protocol === "https:" ? "443" : "80")
  if (http.proxyFromEnvironment) {
    const proxy = env(url.protocol === "https:" ? "HTTPS_PROXY" : "HTTP_PROXY")
    if (proxy === "" || isLocal(url.hostname) || noProxyMatcher(env("NO_PROXY"))(url.hostname, port))
      return undefined
    // Go takes a proxy without a scheme as http://.
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`)
  }
  if (!http.proxyUrl) return undefined
  if (http.noProxy && (isLocal(url.hostname) || noProxyMatcher(http.noProxy)(url.hostname, port)))
    return undefined
  return new URL(http.proxyUrl)
}
