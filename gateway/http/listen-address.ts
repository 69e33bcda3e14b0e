/**
 * Parses Prometheus-style listen addresses (`0.0.0.0:9090`, `:9090`, `[::1]:9090`,
 * `localhost:0`) into host and port. Plain code; binding happens in http-server.ts.
 */

export interface ListenAddress {
  /** undefined = all interfaces, as Go's ":9090". */
  readonly host: string | undefined
  readonly port: number
}

/** Returns the address or a message saying what is wrong with it. */
export const parseListenAddress = (s: string): ListenAddress | string => {
  const m = s.match(/^(?:\[([^\]]*)\]|([^:[\]]*)):(\d+)$/)
  if (!m) return `"${s}" is not host:port`
  const port = Number(m[3])
  if (port > 65535) return `port ${port} in "${s}" is out of range`
  const host = m[1] ?? m[2]
  return { host: host === "" ? undefined : host, port }
}

export const formatListenAddress = (host: string, port: number): string =>
  host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`
