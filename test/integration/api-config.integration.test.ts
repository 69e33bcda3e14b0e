/**
 * `/api/v1/status/config` side by side with Prometheus 2.42: each config file is loaded by the
 * peer and parsed by Vesta; the YAML the peer shows must equal what `prometheusConfigYaml` gives,
 * served by an in-process gateway. (`vesta start` serves it once it passes `configYaml`.)
 */
import { afterAll, describe, expect, it } from "vitest"
import { prometheusConfigYaml } from "../../gateway/api/v1/config-yaml.ts"
import { startGateway } from "../../gateway/testing.ts"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { type Peer, startPrometheus } from "../support/peers.ts"

const configs: Readonly<Record<string, string>> = {
  minimal: "global:\n  scrape_interval: 15s\n",
  scrape: `
global:
  scrape_interval: 10s
  external_labels: {lab: x, dc: eu}
rule_files: ["/tmp/r.yml"]
scrape_configs:
  - job_name: a
    honor_labels: true
    metrics_path: /m
    scheme: https
    params: {module: [x, y]}
    basic_auth: {username: u, password: p}
    tls_config: {insecure_skip_verify: true}
    static_configs:
      - targets: ["h1:80", "h2:80"]
        labels: {env: prod}
    relabel_configs:
      - source_labels: [__address__]
        regex: "(.*):80"
        target_label: host
      - action: labeldrop
        regex: tmp
    metric_relabel_configs:
      - {action: drop, source_labels: [__name__], regex: go_.*}
  - job_name: b
    scrape_interval: 1m
    scrape_timeout: 20s
    sample_limit: 100
    bearer_token: tok
    file_sd_configs: [{files: [/tmp/x.json]}]
    dns_sd_configs: [{names: [_x._tcp.example.org]}]
    http_sd_configs: [{url: "http://127.0.0.1:1/sd"}]
alerting:
  alertmanagers:
    - static_configs: [{targets: ["am:9093"]}]
remote_write:
  - url: http://127.0.0.1:1/write
    headers: {X-A: b}
remote_read:
  - url: http://127.0.0.1:1/read
    read_recent: true
`,
  quoting: `
global:
  scrape_interval: 30s
  evaluation_interval: 15s
  query_log_file: /tmp/q.log
  external_labels: {flag: "yes", num: "1.5", colon: "a: b", hash: "x #y", star: "*s"}
alerting:
  alert_relabel_configs: [{action: labeldrop, regex: replica}]
  alertmanagers:
    - path_prefix: /am
      timeout: 5s
      scheme: https
      basic_auth: {username: a, password_file: /tmp/pw}
      tls_config: {server_name: am.local}
      relabel_configs:
        - {source_labels: [__meta_x, __address__], separator: "|", target_label: __tmp}
      file_sd_configs: [{files: [/tmp/am.json], refresh_interval: 1m}]
scrape_configs:
  - job_name: "y"
    honor_timestamps: false
    proxy_url: http://proxy:3128
    relabel_configs:
      - {source_labels: [__address__], modulus: 4, target_label: __tmp_hash, action: hashmod}
      - {source_labels: [__tmp_hash], regex: "^1$", action: keep}
      - {regex: "__meta_(.+)", action: labelmap, replacement: "m_$1"}
    static_configs:
      - targets: ["[::1]:9100"]
        labels: {empty: "", sp: " lead"}
remote_write:
  - url: http://127.0.0.1:1/write
    name: rw1
    send_exemplars: true
    remote_timeout: 10s
    authorization: {credentials_file: /tmp/tok}
    write_relabel_configs: [{source_labels: [__name__], regex: "up", action: keep}]
    queue_config: {capacity: 100, max_shards: 2, retry_on_http_429: true}
    metadata_config: {send: false}
remote_read:
  - url: http://127.0.0.1:1/read
    name: rr
    required_matchers: {env: prod, a: b}
    filter_external_labels: false
`,
  proxiesAndOAuth2: `
scrape_configs:
  - job_name: via-proxy
    scheme: https
    proxy_url: http://user:pa55@proxy.example:3128
    proxy_connect_header:
      X-Tenant: [a, b]
      Proxy-Token: [t]
    static_configs: [{targets: ["h:443"]}]
  - job_name: oauth
    oauth2:
      client_id: "my id"
      client_secret: s3cr3t
      scopes: [read, "write all"]
      token_url: https://idp.example/token?x=1
      endpoint_params: {audience: vesta, b: "2"}
      tls_config: {insecure_skip_verify: true, server_name: idp}
    static_configs: [{targets: ["h:80"]}]
  - job_name: oauth-file
    oauth2: {client_id: a, client_secret_file: /tmp/secret, token_url: "http://idp/t"}
    http_sd_configs:
      - url: http://127.0.0.1:1/sd
        oauth2: {client_id: b, client_secret: x, token_url: "http://idp/t"}
`
}

const peers: Peer[] = []
afterAll(async () => {
  await Promise.allSettled(peers.map((p) => p.stop()))
})

describe("status/config: peer vs Vesta for the same file", () => {
  it.each(Object.keys(configs))("%s", async (name) => {
    const text = configs[name]
    const peer = await startPrometheus({ config: text })
    peers.push(peer)
    const gw = await startGateway({ configYaml: () => prometheusConfigYaml(parsePrometheusConfig(text)) })
    try {
      const [p, v] = await Promise.all([
        fetch(`${peer.baseUrl}/api/v1/status/config`),
        fetch(`${gw.baseUrl}/api/v1/status/config`)
      ])
      expect(v.status).toBe(p.status)
      const pj = (await p.json()) as { data: { yaml: string } }
      const vj = (await v.json()) as { data: { yaml: string } }
      expect(vj.data.yaml).toBe(pj.data.yaml)
      expect(Object.keys(vj)).toEqual(Object.keys(pj))
    } finally {
      await gw.stop()
      await peer.stop()
    }
  })
})
