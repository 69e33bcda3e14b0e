import { afterEach, describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { noProxyMatcher, proxyFor } from "./proxy-for.ts"

const http = (yaml: string) =>
  parsePrometheusConfig(`scrape_configs:\n  - job_name: x\n${yaml}`).scrapeConfigs[0].http

describe("NO_PROXY matching (Go's rules)", () => {
  it.each([
    ["example.com", "example.com", "80", true],
    ["example.com", "www.example.com", "80", true],
    ["example.com", "notexample.com", "80", false],
    [".example.com", "example.com", "80", false],
    [".example.com", "a.b.example.com", "80", true],
    ["*.example.com", "example.com", "80", false],
    ["*.example.com", "a.example.com", "80", true],
    ["example.com:8080", "example.com", "8080", true],
    ["example.com:8080", "example.com", "80", false],
    ["EXAMPLE.com", "Example.COM", "80", true],
    ["10.0.0.0/8", "10.1.2.3", "80", true],
    ["10.0.0.0/8", "11.1.2.3", "80", false],
    ["10.0.0.0/8", "ten.example", "80", false],
    ["192.168.1.5", "192.168.1.5", "9100", true],
    ["192.168.1.5:9100", "192.168.1.5", "80", false],
    ["fd00::/8", "[fd00::1]", "80", true],
    ["::1", "::1", "80", true],
    [" a.example , b.example ", "b.example", "80", true],
    ["a.example,*", "anything.else", "80", true],
    ["", "example.com", "80", false]
  ])("%j against %s:%s → %s", (list, host, port, bypass) => {
    expect(noProxyMatcher(list)(host, port)).toBe(bypass)
  })
})

describe("proxyFor", () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const k of ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"]) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
  })
  it("sends everything through proxy_url, loopback included, without no_proxy", () => {
    const h = http("    proxy_url: http://proxy:3128\n")
    expect(proxyFor(h, new URL("http://127.0.0.1:9100/metrics"))?.host).toBe("proxy:3128")
    expect(proxyFor(h, new URL("https://node.example/metrics"))?.host).toBe("proxy:3128")
  })
  it("with no_proxy, reaches listed hosts and loopback directly", () => {
    const h = http("    proxy_url: http://proxy:3128\n    no_proxy: 'internal.example,10.0.0.0/8'\n")
    expect(proxyFor(h, new URL("http://a.internal.example/metrics"))).toBeUndefined()
    expect(proxyFor(h, new URL("http://10.2.3.4:9100/metrics"))).toBeUndefined()
    expect(proxyFor(h, new URL("http://localhost:9100/metrics"))).toBeUndefined()
    expect(proxyFor(h, new URL("http://127.0.0.1:9100/metrics"))).toBeUndefined()
    expect(proxyFor(h, new URL("http://node.example/metrics"))?.host).toBe("proxy:3128")
  })
  it("with proxy_from_environment, takes HTTP_PROXY / https_proxy / NO_PROXY by scheme", () => {
    const h = http("    proxy_from_environment: true\n")
    process.env.HTTP_PROXY = "http://plain-proxy:3128"
    process.env.https_proxy = "tls-proxy:8443"
    process.env.NO_PROXY = ".corp.example"
    expect(proxyFor(h, new URL("http://node.example/metrics"))?.host).toBe("plain-proxy:3128")
    expect(proxyFor(h, new URL("https://node.example/metrics"))?.href).toBe("http://tls-proxy:8443/")
    expect(proxyFor(h, new URL("http://db.corp.example/metrics"))).toBeUndefined()
    expect(proxyFor(h, new URL("http://127.0.0.1:9100/metrics"))).toBeUndefined()
    delete process.env.HTTP_PROXY
    expect(proxyFor(h, new URL("http://node.example/metrics"))).toBeUndefined()
  })
  it.each([
    [
      "    no_proxy: a.example\n",
      "scrape_configs[0].no_proxy: if no_proxy is configured, proxy_url must also be configured"
    ],
    [
      "    proxy_from_environment: true\n    proxy_url: http://p:1\n",
      "scrape_configs[0].proxy_from_environment: if proxy_from_environment is configured, proxy_url must not be configured"
    ],
    [
      "    proxy_connect_header: {X-A: [b]}\n",
      "scrape_configs[0].proxy_connect_header: if proxy_connect_header is configured proxy_url must also be configured"
    ]
  ])("rejects %j", (yaml, message) => {
    expect(() => http(yaml)).toThrow(message)
  })
})
