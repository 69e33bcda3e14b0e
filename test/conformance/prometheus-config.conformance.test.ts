/**
 * prometheus.yml: every config here goes to the real `promtool check config` and to Vesta's
 * loader; both must accept it or both reject it. Rejections also pin Vesta's message, which names
 * the field path (and line) where promtool often gives only a Go type.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { runTool } from "../support/run-tool.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-config-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const good: ReadonlyArray<[string, string]> = [
  ["empty", ""],
  ["global only", "global:\n  scrape_interval: 15s\n  evaluation_interval: 30s\n  external_labels: {a: b}\n"],
  [
    "static targets",
    "scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: ['a:1', 'b']\n        labels: {env: x}\n"
  ],
  [
    "relabel kinds",
    "scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - {source_labels: [a], target_label: b}\n      - {action: keep, source_labels: [a], regex: 'x|y'}\n      - {action: labeldrop, regex: 'foo.*'}\n      - {action: hashmod, source_labels: [a], target_label: h, modulus: 4}\n      - {action: labelmap, regex: '__meta_(.+)'}\n      - {action: lowercase, source_labels: [a], target_label: b}\n      - {action: keepequal, source_labels: [a], target_label: b}\n      - {source_labels: [a], target_label: '${1}_x'}\n"
  ],
  [
    "auth and tls",
    "scrape_configs:\n  - job_name: x\n    scheme: https\n    basic_auth: {username: u, password: p}\n    tls_config: {insecure_skip_verify: true, server_name: s}\n  - job_name: y\n    authorization: {credentials: t}\n  - job_name: z\n    bearer_token: t\n"
  ],
  [
    "oauth2",
    "scrape_configs:\n  - job_name: x\n    oauth2:\n      client_id: a\n      client_secret: b\n      scopes: [r, w]\n      token_url: 'https://idp.example/token'\n      endpoint_params: {audience: v}\n      tls_config: {insecure_skip_verify: true}\n  - job_name: y\n    oauth2: {client_id: a, client_secret_file: /etc/secret, token_url: 'http://idp/t'}\n    http_sd_configs:\n      - url: 'http://127.0.0.1:1/sd'\n        oauth2: {client_id: a, client_secret: b, token_url: 'http://idp/t'}\n"
  ],
  [
    "sd kinds",
    "scrape_configs:\n  - job_name: x\n    file_sd_configs: [{files: [a.json, 'b/*.yml'], refresh_interval: 1m}]\n    http_sd_configs: [{url: 'http://127.0.0.1:1/sd'}]\n    dns_sd_configs: [{names: [a.example], type: A, port: 80}, {names: [_x._tcp.example]}]\n"
  ],
  [
    "limits and params",
    "scrape_configs:\n  - job_name: x\n    sample_limit: 100\n    label_limit: 10\n    label_name_length_limit: 20\n    label_value_length_limit: 30\n    target_limit: 5\n    params: {module: [a, b]}\n    metrics_path: /probe\n    honor_labels: true\n    honor_timestamps: false\n"
  ],
  [
    "remote, alerting, storage",
    "remote_write:\n  - url: http://127.0.0.1:1/w\n    queue_config: {max_shards: 2}\n    write_relabel_configs: [{action: drop, source_labels: [a], regex: x}]\nremote_read:\n  - url: http://127.0.0.1:1/r\n    read_recent: true\nalerting:\n  alertmanagers:\n    - static_configs: [{targets: ['a:9093']}]\n      path_prefix: /am\nrule_files: [r.yml]\nstorage:\n  tsdb: {out_of_order_time_window: 30m}\n"
  ],
  ["odd scheme loads", "scrape_configs:\n  - job_name: x\n    scheme: ftp\n"]
]

const bad: ReadonlyArray<[string, string, string]> = [
  [
    "unknown field",
    "global:\n  scrape_intervl: 15s\n",
    "global.scrape_intervl: field scrape_intervl not found in type config.GlobalConfig (line 2)"
  ],
  [
    "bad duration",
    "scrape_configs:\n  - job_name: x\n    scrape_interval: abc\n",
    'scrape_configs[0].scrape_interval: not a valid duration string: "abc" (line 3)'
  ],
  [
    "timeout > interval",
    "scrape_configs:\n  - job_name: x\n    scrape_interval: 5s\n    scrape_timeout: 10s\n",
    'scrape_configs[0]: scrape timeout greater than scrape interval for scrape config with job name "x" (line 2)'
  ],
  [
    "duplicate job",
    "scrape_configs:\n  - job_name: x\n  - job_name: x\n",
    'found multiple scrape configs with job name "x"'
  ],
  [
    "bad label name",
    "global:\n  external_labels:\n    1a: b\n",
    'global.external_labels: "1a" is not a valid label name (line 3)'
  ],
  [
    "hashmod without modulus",
    "scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: hashmod\n        source_labels: [a]\n        target_label: b\n",
    "scrape_configs[0].relabel_configs[0]: relabel configuration for hashmod requires non-zero modulus (line 4)"
  ],
  [
    "bad regex",
    "scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: replace\n        regex: 'a('\n",
    "scrape_configs[0].relabel_configs[0].regex: error parsing regexp: missing closing ): `^(?:a()$` (line 5)"
  ],
  [
    "replace without target",
    "scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: replace\n        source_labels: [a]\n",
    "scrape_configs[0].relabel_configs[0]: relabel configuration for replace action requires 'target_label' value (line 4)"
  ],
  [
    "bool",
    "scrape_configs:\n  - job_name: x\n    honor_labels: maybe\n",
    'scrape_configs[0].honor_labels: cannot unmarshal "maybe" into bool (line 3)'
  ],
  [
    "unknown action",
    "scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: explode\n",
    'scrape_configs[0].relabel_configs[0].action: unknown relabel action "explode" (line 4)'
  ],
  [
    "labeldrop with extra",
    "scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: labeldrop\n        source_labels: [a]\n",
    "scrape_configs[0].relabel_configs[0]: labeldrop action requires only 'regex', and no other fields (line 4)"
  ],
  ["empty job name", "scrape_configs:\n  - job_name: ''\n", "scrape_configs[0]: job_name is empty (line 2)"],
  [
    "remote write without url",
    "remote_write:\n  - name: a\n",
    "remote_write[0].url: url for remote_write is empty"
  ],
  [
    "two auths",
    "scrape_configs:\n  - job_name: x\n    basic_auth: {username: u}\n    bearer_token: t\n",
    "scrape_configs[0].basic_auth: at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured (line 3)"
  ],
  [
    "oauth2 without token_url",
    "scrape_configs:\n  - job_name: x\n    oauth2: {client_id: a, client_secret: b}\n",
    "scrape_configs[0].oauth2: oauth2 token_url must be configured (line 3)"
  ],
  [
    "oauth2 without client_id",
    "scrape_configs:\n  - job_name: x\n    oauth2: {client_secret: b, token_url: 'http://x'}\n",
    "scrape_configs[0].oauth2: oauth2 client_id must be configured (line 3)"
  ],
  [
    "oauth2 without secret",
    "scrape_configs:\n  - job_name: x\n    oauth2: {client_id: a, token_url: 'http://x'}\n",
    "scrape_configs[0].oauth2: either oauth2 client_secret or client_secret_file must be configured (line 3)"
  ],
  [
    "oauth2 with two secrets",
    "scrape_configs:\n  - job_name: x\n    oauth2: {client_id: a, client_secret: b, client_secret_file: /x, token_url: 'http://x'}\n",
    "scrape_configs[0].oauth2: at most one of oauth2 client_secret & client_secret_file must be configured (line 3)"
  ],
  [
    "oauth2 unknown field",
    "scrape_configs:\n  - job_name: x\n    oauth2: {client_id: a, client_secret: b, token_url: 'http://x', audience: v}\n",
    "scrape_configs[0].oauth2.audience: field audience not found in type config.OAuth2 (line 3)"
  ],
  [
    "oauth2 and basic_auth",
    "scrape_configs:\n  - job_name: x\n    basic_auth: {username: u}\n    oauth2: {client_id: a, client_secret: b, token_url: 'http://x'}\n",
    "scrape_configs[0].basic_auth: at most one of basic_auth, oauth2 & authorization must be configured (line 3)"
  ],
  [
    "oauth2 and bearer_token",
    "scrape_configs:\n  - job_name: x\n    bearer_token: t\n    oauth2: {client_id: a, client_secret: b, token_url: 'http://x'}\n",
    "scrape_configs[0].oauth2: at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured (line 4)"
  ],
  [
    "authorization and bearer_token",
    "scrape_configs:\n  - job_name: x\n    bearer_token: t\n    authorization: {credentials: c}\n",
    "scrape_configs[0].authorization: authorization is not compatible with bearer_token & bearer_token_file (line 4)"
  ],
  [
    "basic_auth and authorization",
    "scrape_configs:\n  - job_name: x\n    basic_auth: {username: u}\n    authorization: {credentials: c}\n",
    "scrape_configs[0].basic_auth: at most one of basic_auth, oauth2 & authorization must be configured (line 3)"
  ],
  [
    "bearer_token and its file",
    "scrape_configs:\n  - job_name: x\n    bearer_token: t\n    bearer_token_file: /x\n",
    "scrape_configs[0].bearer_token: at most one of bearer_token & bearer_token_file must be configured (line 3)"
  ],
  [
    "authorization credentials and file",
    "scrape_configs:\n  - job_name: x\n    authorization: {credentials: c, credentials_file: /x}\n",
    "scrape_configs[0].authorization: at most one of authorization credentials & credentials_file must be configured (line 3)"
  ],
  [
    "bad file sd path",
    "scrape_configs:\n  - job_name: x\n    file_sd_configs: [{files: [a.txt]}]\n",
    'scrape_configs[0].file_sd_configs[0].files[0]: path "a.txt" is not valid for file discovery (line 3)'
  ],
  ["not yaml", "global: [\n", "yaml:"],
  [
    "global timeout > interval",
    "global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n",
    "global.scrape_timeout: global scrape timeout greater than scrape interval (line 3)"
  ]
]

const promtool = async (name: string, text: string) => {
  const file = join(dir, `${name.replace(/\W+/g, "_")}.yml`)
  writeFileSync(file, text)
  return runTool("promtool", ["check", "config", "--syntax-only", file])
}

describe("prometheus.yml: Vesta and promtool agree", () => {
  it.each(good)("accepts %s", async (name, text) => {
    const r = await promtool(name, text)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(() => parsePrometheusConfig(text)).not.toThrow()
  })
  it.each(bad)("rejects %s", async (name, text, message) => {
    const r = await promtool(name, text)
    expect(r.code, r.stdout + r.stderr).not.toBe(0)
    expect(() => parsePrometheusConfig(text)).toThrow(message)
  })
})
