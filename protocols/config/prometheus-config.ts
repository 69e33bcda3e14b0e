/**
 * `prometheus.yml` with Prometheus's schema, defaults and load-time checks (the file
 * `promtool check config` accepts loads here; a bad one is rejected with the field path and line).
 * Decoding only: discovery, scraping, rules and remote write read the result.
 */
import { type HttpClientConfig, readHttpClientConfig } from "./http-client-config.ts"
import { type RelabelConfig, readRelabelConfig } from "./relabel-config.ts"
import {
  ConfigError,
  type Cursor,
  openDocument,
  readBool,
  readDuration,
  readInt,
  readLabelMap,
  readList,
  readObject,
  readOptionalString,
  readString,
  readStringMap
} from "./yaml-reader.ts"

export interface ScrapeLimits {
  readonly bodySizeLimitBytes: number
  readonly sampleLimit: number
  readonly targetLimit: number
  readonly labelLimit: number
  readonly labelNameLengthLimit: number
  readonly labelValueLengthLimit: number
}

export interface GlobalConfig extends ScrapeLimits {
  readonly scrapeIntervalMs: number
  readonly scrapeTimeoutMs: number
  readonly evaluationIntervalMs: number
  readonly externalLabels: Readonly<Record<string, string>>
  readonly queryLogFile?: string
}

export interface StaticConfig {
  readonly targets: ReadonlyArray<string>
  readonly labels: Readonly<Record<string, string>>
}

export interface FileSdConfig {
  readonly files: ReadonlyArray<string>
  readonly refreshIntervalMs: number
}

export interface HttpSdConfig {
  readonly url: string
  readonly refreshIntervalMs: number
  readonly http: HttpClientConfig
}

export interface DnsSdConfig {
  readonly names: ReadonlyArray<string>
  /** 2.42's record types (NS came in a later release and is rejected, as promtool 2.42 does). */
  readonly type: "SRV" | "A" | "AAAA" | "MX"
  readonly port: number
  readonly refreshIntervalMs: number
}

export interface Discovery {
  readonly staticConfigs: ReadonlyArray<StaticConfig>
  readonly fileSdConfigs: ReadonlyArray<FileSdConfig>
  readonly httpSdConfigs: ReadonlyArray<HttpSdConfig>
  readonly dnsSdConfigs: ReadonlyArray<DnsSdConfig>
}

export interface ScrapeConfig extends ScrapeLimits, Discovery {
  readonly jobName: string
  readonly honorLabels: boolean
  readonly honorTimestamps: boolean
  readonly trackTimestampsStaleness: boolean
  readonly scrapeIntervalMs: number
  readonly scrapeTimeoutMs: number
  readonly scrapeProtocols?: ReadonlyArray<string>
  readonly metricsPath: string
  readonly scheme: string
  readonly params: Readonly<Record<string, ReadonlyArray<string>>>
  readonly relabelConfigs: ReadonlyArray<RelabelConfig>
  readonly metricRelabelConfigs: ReadonlyArray<RelabelConfig>
  readonly http: HttpClientConfig
}

export interface AlertmanagerConfig extends Discovery {
  readonly scheme: string
  readonly pathPrefix: string
  readonly timeoutMs: number
  readonly apiVersion: "v1" | "v2"
  readonly relabelConfigs: ReadonlyArray<RelabelConfig>
  readonly http: HttpClientConfig
}

export interface QueueConfig {
  readonly capacity: number
  readonly maxShards: number
  readonly minShards: number
  readonly maxSamplesPerSend: number
  readonly batchSendDeadlineMs: number
  readonly minBackoffMs: number
  readonly maxBackoffMs: number
  readonly retryOnHttp429: boolean
}

export interface RemoteWriteConfig {
  readonly url: string
  readonly name?: string
  readonly remoteTimeoutMs: number
  readonly headers: Readonly<Record<string, string>>
  readonly writeRelabelConfigs: ReadonlyArray<RelabelConfig>
  readonly sendExemplars: boolean
  readonly sendNativeHistograms: boolean
  readonly protobufMessage: "prometheus.WriteRequest" | "io.prometheus.write.v2.Request"
  readonly queue: QueueConfig
  readonly metadata: {
    readonly send: boolean
    readonly sendIntervalMs: number
    readonly maxSamplesPerSend: number
  }
  readonly http: HttpClientConfig
}

export interface RemoteReadConfig {
  readonly url: string
  readonly name?: string
  readonly remoteTimeoutMs: number
  readonly headers: Readonly<Record<string, string>>
  readonly readRecent: boolean
  readonly requiredMatchers: Readonly<Record<string, string>>
  readonly filterExternalLabels: boolean
  readonly http: HttpClientConfig
}

export interface PrometheusConfig {
  readonly global: GlobalConfig
  readonly ruleFiles: ReadonlyArray<string>
  readonly scrapeConfigFiles: ReadonlyArray<string>
  readonly scrapeConfigs: ReadonlyArray<ScrapeConfig>
  readonly alerting: {
    readonly alertRelabelConfigs: ReadonlyArray<RelabelConfig>
    readonly alertmanagers: ReadonlyArray<AlertmanagerConfig>
  }
  readonly remoteWrite: ReadonlyArray<RemoteWriteConfig>
  readonly remoteRead: ReadonlyArray<RemoteReadConfig>
  readonly storage: { readonly outOfOrderTimeWindowMs: number; readonly maxExemplars: number }
}

const readLimits = (f: (name: string) => Cursor, d: ScrapeLimits): ScrapeLimits => ({
  bodySizeLimitBytes: readInt(f("body_size_limit"), d.bodySizeLimitBytes),
  sampleLimit: readInt(f("sample_limit"), d.sampleLimit),
  targetLimit: readInt(f("target_limit"), d.targetLimit),
  labelLimit: readInt(f("label_limit"), d.labelLimit),
  labelNameLengthLimit: readInt(f("label_name_length_limit"), d.labelNameLengthLimit),
  labelValueLengthLimit: readInt(f("label_value_length_limit"), d.labelValueLengthLimit)
})

const noLimits: ScrapeLimits = {
  bodySizeLimitBytes: 0,
  sampleLimit: 0,
  targetLimit: 0,
  labelLimit: 0,
  labelNameLengthLimit: 0,
  labelValueLengthLimit: 0
}

const readGlobal = (c: Cursor): GlobalConfig =>
  readObject(c, "config.GlobalConfig", (f) => {
    const scrapeIntervalMs = readDuration(f("scrape_interval"), 60_000)
    const timeout = f("scrape_timeout")
    const scrapeTimeoutMs = readDuration(timeout, Math.min(10_000, scrapeIntervalMs))
    if (scrapeTimeoutMs > scrapeIntervalMs) timeout.fail("global scrape timeout greater than scrape interval")
    return {
      scrapeIntervalMs,
      scrapeTimeoutMs,
      evaluationIntervalMs: readDuration(f("evaluation_interval"), 60_000),
      externalLabels: readLabelMap(f("external_labels")),
      queryLogFile: readOptionalString(f("query_log_file")),
      ...readLimits(f, noLimits)
    }
  })

const readStatic = (c: Cursor): StaticConfig =>
  readObject(c, "targetgroup.Group", (f) => ({
    targets: readList(f("targets"), (x) => readString(x, "")),
    labels: readLabelMap(f("labels"))
  }))

const readDiscovery = (f: (name: string) => Cursor): Discovery => ({
  staticConfigs: readList(f("static_configs"), readStatic),
  fileSdConfigs: readList(f("file_sd_configs"), (c) =>
    readObject(c, "file.SDConfig", (g) => {
      const files = readList(g("files"), (x) => {
        const p = readString(x, "")
        if (!/\.(json|ya?ml)$/.test(p)) x.fail(`path ${JSON.stringify(p)} is not valid for file discovery`)
        return p
      })
      return { files, refreshIntervalMs: readDuration(g("refresh_interval"), 300_000) }
    })
  ),
  httpSdConfigs: readList(f("http_sd_configs"), (c) =>
    readObject(c, "http.SDConfig", (g) => {
      const urlCursor = g("url")
      const url = readString(urlCursor, "")
      if (!/^https?:\/\//.test(url))
        urlCursor.fail(url === "" ? "URL is missing" : "URL scheme must be 'http' or 'https'")
      return {
        url,
        refreshIntervalMs: readDuration(g("refresh_interval"), 60_000),
        http: readHttpClientConfig(g)
      }
    })
  ),
  dnsSdConfigs: readList(f("dns_sd_configs"), (c) =>
    readObject(c, "dns.plain", (g) => {
      const typeCursor = g("type")
      const written = readString(typeCursor, "SRV")
      const type = written.toUpperCase()
      if (!["SRV", "A", "AAAA", "MX"].includes(type))
        typeCursor.fail(`invalid DNS-SD records type ${written}`)
      const names = readList(g("names"), (x) => readString(x, ""))
      if (names.length === 0) c.fail("DNS-SD config must contain at least one SRV record name")
      const port = readInt(g("port"), 0)
      if (type !== "SRV" && port === 0)
        c.fail("a port is required in DNS-SD configs for all record types except SRV")
      return {
        names,
        type: type as DnsSdConfig["type"],
        port,
        refreshIntervalMs: readDuration(g("refresh_interval"), 30_000)
      }
    })
  )
})

/** Any scheme loads (as in promtool 2.42); a scrape over anything but http/https fails at run time. */
const readScheme = (c: Cursor): string => readString(c, "http")

const readScrapeConfig = (c: Cursor, global: GlobalConfig): ScrapeConfig =>
  readObject(c, "config.ScrapeConfig", (f) => {
    const jobName = readString(f("job_name"), "")
    if (jobName === "") c.fail("job_name is empty")
    const scrapeIntervalMs = readDuration(f("scrape_interval"), global.scrapeIntervalMs)
    const timeoutCursor = f("scrape_timeout")
    const scrapeTimeoutMs = readDuration(timeoutCursor, Math.min(global.scrapeTimeoutMs, scrapeIntervalMs))
    if (scrapeTimeoutMs > scrapeIntervalMs) {
      c.fail(
        `scrape timeout greater than scrape interval for scrape config with job name ${JSON.stringify(jobName)}`
      )
    }
    const metricsPath = readString(f("metrics_path"), "/metrics")
    const protocols = f("scrape_protocols")
    return {
      jobName,
      honorLabels: readBool(f("honor_labels"), false),
      honorTimestamps: readBool(f("honor_timestamps"), true),
      trackTimestampsStaleness: readBool(f("track_timestamps_staleness"), false),
      scrapeIntervalMs,
      scrapeTimeoutMs,
      scrapeProtocols: protocols.isNull ? undefined : readList(protocols, (x) => readString(x, "")),
      metricsPath,
      scheme: readScheme(f("scheme")),
      params: Object.fromEntries(Object.entries(readParams(f("params")))),
      relabelConfigs: readList(f("relabel_configs"), readRelabelConfig),
      metricRelabelConfigs: readList(f("metric_relabel_configs"), readRelabelConfig),
      http: readHttpClientConfig(f),
      ...readLimits(f, global),
      ...readDiscovery(f)
    }
  })

const readParams = (c: Cursor): Record<string, string[]> => {
  if (c.isNull) return {}
  const out: Record<string, string[]> = {}
  const m = c.node as { items: Array<{ key: { value: unknown }; value: unknown }> }
  for (const p of m.items ?? []) {
    const key = String(p.key.value)
    out[key] = readList(c.child(key, p.value as Cursor["node"]), (x) => readString(x, ""))
  }
  return out
}

const readAlertmanager = (c: Cursor): AlertmanagerConfig =>
  readObject(c, "config.AlertmanagerConfig", (f) => {
    const v = f("api_version")
    const apiVersion = readString(v, "v2")
    if (apiVersion !== "v1" && apiVersion !== "v2")
      v.fail(`expected Alertmanager api version to be one of [v1 v2] but got ${apiVersion}`)
    return {
      scheme: readScheme(f("scheme")),
      pathPrefix: readString(f("path_prefix"), "/"),
      timeoutMs: readDuration(f("timeout"), 10_000),
      apiVersion: apiVersion as "v1" | "v2",
      relabelConfigs: readList(f("relabel_configs"), readRelabelConfig),
      http: readHttpClientConfig(f),
      ...readDiscovery(f)
    }
  })

const readUrl = (c: Cursor): string => {
  const url = readString(c, "")
  if (url === "") c.fail("url for remote_write is empty")
  if (!/^https?:\/\/[^/]/.test(url))
    c.fail(`invalid URL ${JSON.stringify(url)}: scheme must be http or https`)
  return url
}

const readRemoteWrite = (c: Cursor): RemoteWriteConfig =>
  readObject(c, "config.RemoteWriteConfig", (f) => {
    const pm = f("protobuf_message")
    const protobufMessage = readString(pm, "prometheus.WriteRequest")
    if (
      protobufMessage !== "prometheus.WriteRequest" &&
      protobufMessage !== "io.prometheus.write.v2.Request"
    ) {
      pm.fail(`unknown remote write protobuf message ${protobufMessage}`)
    }
    return {
      url: readUrl(f("url")),
      name: readOptionalString(f("name")),
      remoteTimeoutMs: readDuration(f("remote_timeout"), 30_000),
      headers: readStringMap(f("headers")),
      writeRelabelConfigs: readList(f("write_relabel_configs"), readRelabelConfig),
      sendExemplars: readBool(f("send_exemplars"), false),
      sendNativeHistograms: readBool(f("send_native_histograms"), false),
      protobufMessage: protobufMessage as RemoteWriteConfig["protobufMessage"],
      queue: readObject(f("queue_config"), "config.QueueConfig", (q) => ({
        capacity: readInt(q("capacity"), 2500),
        maxShards: readInt(q("max_shards"), 200),
        minShards: readInt(q("min_shards"), 1),
        maxSamplesPerSend: readInt(q("max_samples_per_send"), 500),
        batchSendDeadlineMs: readDuration(q("batch_send_deadline"), 5_000),
        minBackoffMs: readDuration(q("min_backoff"), 30),
        maxBackoffMs: readDuration(q("max_backoff"), 5_000),
        retryOnHttp429: readBool(q("retry_on_http_429"), false)
      })),
      metadata: readObject(f("metadata_config"), "config.MetadataConfig", (m) => ({
        send: readBool(m("send"), true),
        sendIntervalMs: readDuration(m("send_interval"), 60_000),
        maxSamplesPerSend: readInt(m("max_samples_per_send"), 500)
      })),
      http: readHttpClientConfig(f)
    }
  })

const readRemoteRead = (c: Cursor): RemoteReadConfig =>
  readObject(c, "config.RemoteReadConfig", (f) => ({
    url: readUrl(f("url")),
    name: readOptionalString(f("name")),
    remoteTimeoutMs: readDuration(f("remote_timeout"), 60_000),
    headers: readStringMap(f("headers")),
    readRecent: readBool(f("read_recent"), false),
    requiredMatchers: readStringMap(f("required_matchers")),
    filterExternalLabels: readBool(f("filter_external_labels"), true),
    http: readHttpClientConfig(f)
  }))

/** Parses and checks a prometheus.yml; throws ConfigError with the field path and line. */
export const parsePrometheusConfig = (text: string): PrometheusConfig => {
  const root = openDocument(text)
  return readObject(root, "config.plain", (f) => {
    const global = readGlobal(f("global"))
    const scrapeConfigs = readList(f("scrape_configs"), (c) => readScrapeConfig(c, global))
    const jobs = new Set<string>()
    for (const s of scrapeConfigs) {
      if (jobs.has(s.jobName))
        throw new ConfigError(`found multiple scrape configs with job name ${JSON.stringify(s.jobName)}`)
      jobs.add(s.jobName)
    }
    const remoteWrite = readList(f("remote_write"), readRemoteWrite)
    const names = new Set<string>()
    for (const rw of remoteWrite) {
      if (rw.name === undefined) continue
      if (names.has(rw.name))
        throw new ConfigError(`found multiple remote write configs with job name ${JSON.stringify(rw.name)}`)
      names.add(rw.name)
    }
    const alerting = readObject(f("alerting"), "config.AlertingConfig", (a) => ({
      alertRelabelConfigs: readList(a("alert_relabel_configs"), readRelabelConfig),
      alertmanagers: readList(a("alertmanagers"), readAlertmanager)
    }))
    const storage = readObject(f("storage"), "config.StorageConfig", (s) => {
      const tsdb = readObject(s("tsdb"), "config.TSDBConfig", (t) => ({
        outOfOrderTimeWindowMs: readDuration(t("out_of_order_time_window"), 0)
      }))
      const exemplars = readObject(s("exemplars"), "config.ExemplarsConfig", (e) => ({
        maxExemplars: readInt(e("max_exemplars"), 100_000)
      }))
      return { ...tsdb, ...exemplars }
    })
    f("tracing") // accepted and not used yet
    return {
      global,
      ruleFiles: readList(f("rule_files"), (x) => readString(x, "")),
      scrapeConfigFiles: readList(f("scrape_config_files"), (x) => readString(x, "")),
      scrapeConfigs,
      alerting,
      remoteWrite,
      remoteRead: readList(f("remote_read"), readRemoteRead),
      storage
    }
  })
}
