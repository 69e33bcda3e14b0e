/**
 * dns_sd_configs: looks every name up each refresh_interval (SRV, A, AAAA or MX records, the types
 * of Prometheus 2.42) and makes one target group per name, a target per record, with Prometheus's
 * `__meta_dns_*` labels. A name that does not exist or has no such records has no targets; one
 * whose lookup fails (timeout, SERVFAIL, refused) keeps its previous targets, as in Prometheus.
 * Names are queried as written: no search-domain expansion from resolv.conf.
 */
import { promises as dns } from "node:dns"
import { Effect, Queue, Schedule, Stream } from "effect"
import type { DnsSdConfig } from "../../protocols/config/prometheus-config.ts"
import type { TargetGroup } from "./target-group.ts"

export interface DnsSdOptions {
  /** Name servers as "ip" or "ip:port"; absent = the system's (/etc/resolv.conf). Tests point it at their own. */
  readonly servers?: ReadonlyArray<string>
  /** Per-try timeout of one query. */
  readonly queryTimeoutMs?: number
  /** Tries per query before the lookup counts as failed. */
  readonly queryTries?: number
}

/** The part of `dns.promises.Resolver` discovery uses. */
export type DnsLookup = Pick<dns.Resolver, "resolveSrv" | "resolve4" | "resolve6" | "resolveMx">

export const dnsResolver = (options: DnsSdOptions = {}): dns.Resolver => {
  const resolver = new dns.Resolver({
    timeout: options.queryTimeoutMs ?? 2_000,
    tries: options.queryTries ?? 2
  })
  if (options.servers) resolver.setServers([...options.servers])
  return resolver
}

const hostPort = (host: string, port: number) =>
  host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`
/** The record's target as DNS writes it (rooted); the address uses it without the final dot. */
const rooted = (name: string) => (name.endsWith(".") ? name : `${name}.`)
const unrooted = (name: string) => name.replace(/\.$/, "")

/** Answers that mean "no such records", not "lookup failed" (NXDOMAIN and NODATA). */
const emptyAnswerCodes = new Set(["ENOTFOUND", "ENODATA"])

/** One name's group, or the error text when its lookup failed. */
export const lookupDnsName = async (
  resolver: DnsLookup,
  cfg: DnsSdConfig,
  name: string
): Promise<TargetGroup | string> => {
  const target = (address: string, extra: Record<string, string> = {}) => ({
    __address__: address,
    __meta_dns_name: name,
    ...extra
  })
  try {
    let targets: Array<Record<string, string>>
    switch (cfg.type) {
      case "SRV":
        targets = (await resolver.resolveSrv(name)).map((r) =>
          target(hostPort(unrooted(r.name), r.port), {
            __meta_dns_srv_record_target: rooted(r.name),
            __meta_dns_srv_record_port: String(r.port)
          })
        )
        break
      case "MX":
        targets = (await resolver.resolveMx(name)).map((r) =>
          target(hostPort(unrooted(r.exchange), cfg.port), {
            __meta_dns_mx_record_target: rooted(r.exchange)
          })
        )
        break
      case "A":
        targets = (await resolver.resolve4(name)).map((a) => target(hostPort(a, cfg.port)))
        break
      case "AAAA":
        targets = (await resolver.resolve6(name)).map((a) => target(hostPort(a, cfg.port)))
        break
    }
    return { source: name, targets, labels: {} }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== undefined && emptyAnswerCodes.has(code)) return { source: name, targets: [], labels: {} }
    return `dns_sd: cannot look up ${cfg.type} records of ${JSON.stringify(name)}: ${code ?? (e as Error).message}`
  }
}

/**
 * Looks up every name; a failed name keeps its group from `previous`. Groups come out in the
 * config's order of names; the errors are returned for the caller to log.
 */
export const refreshDnsSd = async (
  resolver: DnsLookup,
  cfg: DnsSdConfig,
  previous: ReadonlyMap<string, TargetGroup>
): Promise<{ groups: Map<string, TargetGroup>; errors: string[] }> => {
  const results = await Promise.all(cfg.names.map((n) => lookupDnsName(resolver, cfg, n)))
  const groups = new Map<string, TargetGroup>()
  const errors: string[] = []
  cfg.names.forEach((name, i) => {
    const r = results[i]
    if (typeof r !== "string") groups.set(name, r)
    else {
      errors.push(r)
      const kept = previous.get(name)
      if (kept) groups.set(name, kept)
    }
  })
  return { groups, errors }
}

/** Target groups now and after every refresh; a zero refresh_interval looks up once (as Prometheus). */
export const dnsSdStream = (cfg: DnsSdConfig, options: DnsSdOptions = {}): Stream.Stream<TargetGroup[]> =>
  Stream.callback<TargetGroup[]>((queue) =>
    Effect.gen(function* () {
      const resolver = dnsResolver(options)
      yield* Effect.addFinalizer(() => Effect.sync(() => resolver.cancel()))
      let groups = new Map<string, TargetGroup>()
      const refresh = Effect.gen(function* () {
        const r = yield* Effect.promise(() => refreshDnsSd(resolver, cfg, groups))
        for (const e of r.errors) yield* Effect.logWarning(e)
        groups = r.groups
        Queue.offerUnsafe(queue, [...groups.values()])
      })
      yield* Effect.forkScoped(
        cfg.refreshIntervalMs > 0
          ? refresh.pipe(Effect.repeat(Schedule.spaced(cfg.refreshIntervalMs)), Effect.asVoid)
          : refresh
      )
    })
  )
