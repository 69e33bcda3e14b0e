import { describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "./prometheus-config.ts"

describe("prometheus.yml defaults", () => {
  it("fills Prometheus's defaults", () => {
    const c = parsePrometheusConfig(
      [
        "global:",
        "  external_labels: {region: eu}",
        "scrape_configs:",
        "  - job_name: x",
        "    static_configs: [{targets: ['127.0.0.1:1'], labels: {env: test}}]",
        "    file_sd_configs: [{files: [a.json]}]",
        "    relabel_configs:",
        "      - source_labels: [__address__]",
        "        target_label: host",
        "remote_write:",
        "  - url: http://127.0.0.1:1/api/v1/write",
        "remote_read:",
        "  - url: http://127.0.0.1:1/api/v1/read",
        "alerting:",
        "  alertmanagers: [{static_configs: [{targets: ['127.0.0.1:9093']}]}]"
      ].join("\n")
    )
    expect(c.global).toMatchObject({
      scrapeIntervalMs: 60_000,
      scrapeTimeoutMs: 10_000,
      evaluationIntervalMs: 60_000
    })
    const s = c.scrapeConfigs[0]
    expect(s).toMatchObject({
      jobName: "x",
      honorLabels: false,
      honorTimestamps: true,
      scrapeIntervalMs: 60_000,
      scrapeTimeoutMs: 10_000,
      metricsPath: "/metrics",
      scheme: "http",
      staticConfigs: [{ targets: ["127.0.0.1:1"], labels: { env: "test" } }],
      fileSdConfigs: [{ files: ["a.json"], refreshIntervalMs: 300_000 }]
    })
    expect(s.relabelConfigs[0]).toMatchObject({
      action: "replace",
      separator: ";",
      regex: "(.*)",
      replacement: "$1"
    })
    expect(s.http).toMatchObject({ followRedirects: true, enableHttp2: true })
    expect(c.remoteWrite[0]).toMatchObject({
      remoteTimeoutMs: 30_000,
      queue: {
        capacity: 2500,
        maxShards: 200,
        minShards: 1,
        maxSamplesPerSend: 500,
        batchSendDeadlineMs: 5000,
        minBackoffMs: 30,
        maxBackoffMs: 5000
      },
      metadata: { send: true, sendIntervalMs: 60_000, maxSamplesPerSend: 500 }
    })
    expect(c.remoteRead[0]).toMatchObject({
      remoteTimeoutMs: 60_000,
      readRecent: false,
      filterExternalLabels: true
    })
    expect(c.alerting.alertmanagers[0]).toMatchObject({
      scheme: "http",
      timeoutMs: 10_000,
      apiVersion: "v2",
      pathPrefix: "/"
    })
  })
  it("uses the scrape interval as timeout when it is shorter than the global timeout", () => {
    const c = parsePrometheusConfig("scrape_configs:\n  - job_name: x\n    scrape_interval: 5s\n")
    expect(c.scrapeConfigs[0].scrapeTimeoutMs).toBe(5_000)
  })
  it("accepts an empty file", () => {
    expect(parsePrometheusConfig("").scrapeConfigs).toEqual([])
  })
})
