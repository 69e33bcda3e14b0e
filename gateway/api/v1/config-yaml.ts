/**
 * The loaded configuration as `/api/v1/status/config` shows it: YAML with every default filled in
 * and every secret replaced by `<secret>`, keys in the order Prometheus 2.42 writes them (zero
 * limits, empty lists and false optional flags left out). Built from the parsed PrometheusConfig,
 * so the file's secrets never reach the API. Plain code.
 */
import type {
  HttpClientConfig,
  OAuth2Config,
  TlsConfig
} from "../../../protocols/config/http-client-config.ts"
import type {
  AlertmanagerConfig,
  Discovery,
  PrometheusConfig,
  ScrapeConfig,
  ScrapeLimits
} from "../../../protocols/config/prometheus-config.ts"
import type { RelabelConfig } from "../../../protocols/config/relabel-config.ts"
import { formatDuration } from "../../../protocols/units/duration.ts"

const secret = "<secret>"

/** YAML 1.1 words and forms a reader would not take as a string. */
const ambiguous =
  /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|\d+(?::[0-5]?\d)+(?:\.\d*)?)$/

/**
 * As go-yaml writes a string: plain when it reads back as the same string; double-quoted when it
 * would read back as another type (`"yes"`, `"1.5"`, `""`) or holds control characters;
 * otherwise single-quoted (`'a: b'`, `'[::1]:9100'`).
 */
export const yamlString = (s: string): string => {
  if (s === "" || ambiguous.test(s) || /[\u0000-\u001f\u007f]/.test(s)) return JSON.stringify(s)
  const plain = !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/\s$/.test(s) && !/: |:$| #/.test(s)
  if (plain) return s
  // "-", "?" and ":" may start a plain scalar when something other than a space follows.
  if (/^[-?:][^\s]/.test(s) && !/\s$/.test(s) && !/: |:$| #/.test(s)) return s
  return `'${s.replaceAll("'", "''")}'`
}

type Value =
  | string
  | number
  | boolean
  | ReadonlyArray<string>
  | Node
  | ReadonlyArray<Node>
  | Flow
  | Raw
  | undefined

/** An ordered mapping; undefined values are left out. */
type Node = ReadonlyArray<readonly [string, Value]>

/** A list written inline (`[a, b]`), as Prometheus writes source_labels. */
interface Flow {
  readonly flow: ReadonlyArray<string>
}

/** Written as it is (go-yaml's `null` for an empty secret). */
interface Raw {
  readonly raw: string
}

const isFlow = (v: Value): v is Flow => typeof v === "object" && v !== null && "flow" in v
const isRaw = (v: Value): v is Raw => typeof v === "object" && v !== null && "raw" in v
/** A mapping: a non-empty list of [key, value] pairs (a list of mappings holds lists first). */
const isMapping = (v: unknown): v is Node =>
  Array.isArray(v) && Array.isArray(v[0]) && typeof v[0][0] === "string"

const scalar = (v: string | number | boolean) => (typeof v === "string" ? yamlString(v) : String(v))

const write = (node: Node, indent: string, out: string[], firstPrefix?: string) => {
  let first = true
  for (const [key, v] of node) {
    if (v === undefined) continue
    const lead = first && firstPrefix !== undefined ? firstPrefix : indent
    first = false
    if (isFlow(v)) out.push(`${lead}${key}: [${v.flow.map(yamlString).join(", ")}]`)
    else if (isRaw(v)) out.push(`${lead}${key}: ${v.raw}`)
    else if (typeof v !== "object") out.push(`${lead}${key}: ${scalar(v)}`)
    else if (isMapping(v)) {
      out.push(`${lead}${key}:`)
      write(v, `${indent}  `, out)
    } else {
      out.push(`${lead}${key}:`)
      for (const item of v as ReadonlyArray<string | Node>) {
        if (typeof item === "string") out.push(`${indent}- ${yamlString(item)}`)
        else write(item, `${indent}  `, out, `${indent}- `)
      }
    }
  }
}

const dur = (ms: number) => formatDuration(ms)
const nonEmpty = <T>(xs: ReadonlyArray<T>): ReadonlyArray<T> | undefined => (xs.length > 0 ? xs : undefined)
const orUndef = (n: number) => (n === 0 ? undefined : n)
const trueOnly = (b: boolean) => (b ? true : undefined)
const strOrUndef = (s: string | undefined) => (s === undefined || s === "" ? undefined : s)

const labelMap = (m: Readonly<Record<string, string>>): Node | undefined => {
  const keys = Object.keys(m).sort()
  return keys.length === 0 ? undefined : keys.map((k) => [k, m[k]] as const)
}

const limits = (l: ScrapeLimits): Node => [
  ["body_size_limit", l.bodySizeLimitBytes === 0 ? undefined : `${l.bodySizeLimitBytes}B`],
  ["sample_limit", orUndef(l.sampleLimit)],
  ["target_limit", orUndef(l.targetLimit)],
  ["label_limit", orUndef(l.labelLimit)],
  ["label_name_length_limit", orUndef(l.labelNameLengthLimit)],
  ["label_value_length_limit", orUndef(l.labelValueLengthLimit)]
]

/** As Go's URL.Redacted(): a password in the URL shows as `xxxxx`. */
const redactedUrl = (u: string | undefined): string | undefined => {
  if (u === undefined || u === "") return undefined
  if (!URL.canParse(u)) return u
  const parsed = new URL(u)
  if (parsed.password === "") return u
  return u.replace(`:${parsed.password}@`, ":xxxxx@")
}

/** A tls_config block: left out when nothing is set; once written, insecure_skip_verify always shows. */
const tlsNode = (t: TlsConfig): Node | undefined => {
  const tls: Node = [
    ["ca", strOrUndef(t.ca)],
    ["cert", strOrUndef(t.cert)],
    ["key", t.key === undefined || t.key === "" ? undefined : secret],
    ["ca_file", strOrUndef(t.caFile)],
    ["cert_file", strOrUndef(t.certFile)],
    ["key_file", strOrUndef(t.keyFile)],
    ["server_name", strOrUndef(t.serverName)],
    ["insecure_skip_verify", t.insecureSkipVerify],
    ["min_version", strOrUndef(t.minVersion)]
  ]
  return tls.some(([k, v]) => v !== undefined && v !== false && k !== "") ? tls : undefined
}

/** As 2.42 writes oauth2: an empty client_secret as null, an empty client_secret_file as "". */
const oauth2Node = (o: OAuth2Config): Node => [
  ["client_id", o.clientId],
  ["client_secret", (o.clientSecret ?? "") === "" ? { raw: "null" } : secret],
  ["client_secret_file", o.clientSecretFile ?? ""],
  ["scopes", nonEmpty(o.scopes)],
  ["token_url", o.tokenUrl],
  ["endpoint_params", labelMap(o.endpointParams)],
  ["tls_config", tlsNode(o.tls)]
]

const http = (h: HttpClientConfig): Node => {
  const b = h.basicAuth
  const a = h.authorization
  return [
    [
      "basic_auth",
      b === undefined
        ? undefined
        : [
            ["username", b.username],
            ["password", b.password === undefined || b.password === "" ? undefined : secret],
            ["password_file", strOrUndef(b.passwordFile)]
          ]
    ],
    [
      "authorization",
      a === undefined
        ? undefined
        : [
            ["type", a.type],
            ["credentials", a.credentials === undefined || a.credentials === "" ? undefined : secret],
            ["credentials_file", strOrUndef(a.credentialsFile)]
          ]
    ],
    ["oauth2", h.oauth2 === undefined ? undefined : oauth2Node(h.oauth2)],
    ["tls_config", tlsNode(h.tls)],
    ["proxy_url", redactedUrl(h.proxyUrl)],
    ["no_proxy", strOrUndef(h.noProxy)],
    ["proxy_from_environment", trueOnly(h.proxyFromEnvironment)],
    [
      "proxy_connect_header",
      Object.keys(h.proxyConnectHeader).length === 0
        ? undefined
        : Object.keys(h.proxyConnectHeader)
            .sort()
            .map((k) => [k, h.proxyConnectHeader[k].map(() => secret)] as const)
    ],
    ["follow_redirects", h.followRedirects],
    ["enable_http2", h.enableHttp2]
  ]
}

const relabel = (r: RelabelConfig): Node => [
  ["source_labels", r.sourceLabels.length > 0 ? { flow: r.sourceLabels } : undefined],
  ["separator", r.separator],
  ["regex", r.regex],
  ["modulus", orUndef(r.modulus)],
  ["target_label", strOrUndef(r.targetLabel)],
  ["replacement", r.replacement],
  ["action", r.action]
]

const relabels = (rs: ReadonlyArray<RelabelConfig>) => nonEmpty(rs.map(relabel))

/** Service discovery blocks, by name as Prometheus sorts them. */
const discovery = (d: Discovery): Node => [
  [
    "dns_sd_configs",
    nonEmpty(
      d.dnsSdConfigs.map(
        (c): Node => [
          ["names", c.names],
          ["refresh_interval", dur(c.refreshIntervalMs)],
          ["type", c.type],
          ["port", c.port]
        ]
      )
    )
  ],
  [
    "file_sd_configs",
    nonEmpty(
      d.fileSdConfigs.map(
        (c): Node => [
          ["files", c.files],
          ["refresh_interval", dur(c.refreshIntervalMs)]
        ]
      )
    )
  ],
  [
    "http_sd_configs",
    nonEmpty(
      d.httpSdConfigs.map(
        (c): Node => [...http(c.http), ["refresh_interval", dur(c.refreshIntervalMs)], ["url", c.url]]
      )
    )
  ],
  [
    "static_configs",
    nonEmpty(
      d.staticConfigs.map(
        (c): Node => [
          ["targets", c.targets],
          ["labels", labelMap(c.labels)]
        ]
      )
    )
  ]
]

const scrape = (s: ScrapeConfig): Node => {
  const params = Object.keys(s.params).sort()
  return [
    ["job_name", s.jobName],
    ["honor_labels", trueOnly(s.honorLabels)],
    ["honor_timestamps", s.honorTimestamps],
    ["params", params.length === 0 ? undefined : params.map((k) => [k, s.params[k]] as const)],
    ["scrape_interval", dur(s.scrapeIntervalMs)],
    ["scrape_timeout", dur(s.scrapeTimeoutMs)],
    ["metrics_path", s.metricsPath],
    ["scheme", s.scheme],
    ...limits(s),
    ...http(s.http),
    ["relabel_configs", relabels(s.relabelConfigs)],
    ["metric_relabel_configs", relabels(s.metricRelabelConfigs)],
    ...discovery(s)
  ]
}

const alertmanager = (a: AlertmanagerConfig): Node => [
  ...http(a.http),
  ["scheme", a.scheme],
  ["path_prefix", strOrUndef(a.pathPrefix === "/" ? "" : a.pathPrefix)],
  ["timeout", dur(a.timeoutMs)],
  ["api_version", a.apiVersion],
  ["relabel_configs", relabels(a.relabelConfigs)],
  ...discovery(a)
]

export const prometheusConfigYaml = (c: PrometheusConfig): string => {
  const g = c.global
  const alerting: Node = [
    ["alert_relabel_configs", relabels(c.alerting.alertRelabelConfigs)],
    ["alertmanagers", nonEmpty(c.alerting.alertmanagers.map(alertmanager))]
  ]
  const root: Node = [
    [
      "global",
      [
        ["scrape_interval", dur(g.scrapeIntervalMs)],
        ["scrape_timeout", dur(g.scrapeTimeoutMs)],
        ["evaluation_interval", dur(g.evaluationIntervalMs)],
        ["query_log_file", strOrUndef(g.queryLogFile)],
        ["external_labels", labelMap(g.externalLabels)],
        ...limits(g)
      ]
    ],
    ["alerting", alerting.some(([, v]) => v !== undefined) ? alerting : undefined],
    ["rule_files", nonEmpty(c.ruleFiles)],
    ["scrape_config_files", nonEmpty(c.scrapeConfigFiles)],
    ["scrape_configs", nonEmpty(c.scrapeConfigs.map(scrape))],
    [
      "remote_write",
      nonEmpty(
        c.remoteWrite.map(
          (w): Node => [
            ["url", w.url],
            ["remote_timeout", dur(w.remoteTimeoutMs)],
            ["headers", labelMap(w.headers)],
            ["write_relabel_configs", relabels(w.writeRelabelConfigs)],
            ["name", strOrUndef(w.name)],
            ["send_exemplars", trueOnly(w.sendExemplars)],
            ["send_native_histograms", trueOnly(w.sendNativeHistograms)],
            ...http(w.http),
            [
              "queue_config",
              [
                ["capacity", w.queue.capacity],
                ["max_shards", w.queue.maxShards],
                ["min_shards", w.queue.minShards],
                ["max_samples_per_send", w.queue.maxSamplesPerSend],
                ["batch_send_deadline", dur(w.queue.batchSendDeadlineMs)],
                ["min_backoff", dur(w.queue.minBackoffMs)],
                ["max_backoff", dur(w.queue.maxBackoffMs)],
                ["retry_on_http_429", trueOnly(w.queue.retryOnHttp429)]
              ]
            ],
            [
              "metadata_config",
              [
                ["send", w.metadata.send],
                ["send_interval", dur(w.metadata.sendIntervalMs)],
                ["max_samples_per_send", w.metadata.maxSamplesPerSend]
              ]
            ]
          ]
        )
      )
    ],
    [
      "remote_read",
      nonEmpty(
        c.remoteRead.map(
          (r): Node => [
            ["url", r.url],
            ["remote_timeout", dur(r.remoteTimeoutMs)],
            ["headers", labelMap(r.headers)],
            ["read_recent", trueOnly(r.readRecent)],
            ["name", strOrUndef(r.name)],
            ...http(r.http),
            ["required_matchers", labelMap(r.requiredMatchers)],
            ["filter_external_labels", trueOnly(r.filterExternalLabels)]
          ]
        )
      )
    ]
  ]
  const out: string[] = []
  write(root, "", out)
  return `${out.join("\n")}\n`
}
