import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { type DnsServer, startDnsServer } from "../../test/support/dns-server.ts"
import { dnsResolver, lookupDnsName, refreshDnsSd } from "./dns-sd.ts"

let server: DnsServer
beforeAll(async () => {
  server = await startDnsServer({
    "_metrics._tcp.svc.test": [
      { type: "SRV", priority: 10, weight: 5, port: 9100, target: "node-a.svc.test." },
      { type: "SRV", priority: 20, weight: 5, port: 9101, target: "node-b.svc.test" }
    ],
    "nodes.svc.test": [
      { type: "A", address: "10.0.0.1" },
      { type: "A", address: "10.0.0.2" },
      { type: "AAAA", address: "::1" },
      { type: "AAAA", address: "fd00:0:0:0:0:0:0:2" }
    ],
    "alias.svc.test": [{ type: "CNAME", target: "nodes.svc.test" }],
    "mail.svc.test": [{ type: "MX", preference: 10, exchange: "mx1.svc.test" }],
    "empty.svc.test": [{ type: "A", address: "10.0.0.9" }],
    "broken.svc.test": [],
    "slow.svc.test": []
  })
  server.failing.add("broken.svc.test")
  server.silent.add("slow.svc.test")
})
afterAll(() => server.close())

const sdConfig = (block: string) =>
  parsePrometheusConfig(`scrape_configs:\n  - job_name: x\n    dns_sd_configs: [${block}]\n`).scrapeConfigs[0]
    .dnsSdConfigs[0]
const resolver = () => dnsResolver({ servers: [server.address], queryTimeoutMs: 200, queryTries: 1 })

describe("dns_sd lookups against a DNS server on loopback", () => {
  it.each([
    [
      "SRV: target and port from the record, rooted target label",
      "{names: ['_metrics._tcp.svc.test']}",
      "_metrics._tcp.svc.test",
      [
        {
          __address__: "node-a.svc.test:9100",
          __meta_dns_name: "_metrics._tcp.svc.test",
          __meta_dns_srv_record_target: "node-a.svc.test.",
          __meta_dns_srv_record_port: "9100"
        },
        {
          __address__: "node-b.svc.test:9101",
          __meta_dns_name: "_metrics._tcp.svc.test",
          __meta_dns_srv_record_target: "node-b.svc.test.",
          __meta_dns_srv_record_port: "9101"
        }
      ]
    ],
    [
      "A: every address with the configured port",
      "{names: [nodes.svc.test], type: A, port: 9100}",
      "nodes.svc.test",
      [
        { __address__: "10.0.0.1:9100", __meta_dns_name: "nodes.svc.test" },
        { __address__: "10.0.0.2:9100", __meta_dns_name: "nodes.svc.test" }
      ]
    ],
    [
      "AAAA: bracketed, in the shortest form",
      "{names: [nodes.svc.test], type: AAAA, port: 9100}",
      "nodes.svc.test",
      [
        { __address__: "[::1]:9100", __meta_dns_name: "nodes.svc.test" },
        { __address__: "[fd00::2]:9100", __meta_dns_name: "nodes.svc.test" }
      ]
    ],
    [
      "A through a CNAME: the addresses it leads to, named as configured",
      "{names: [alias.svc.test], type: a, port: 80}",
      "alias.svc.test",
      [
        { __address__: "10.0.0.1:80", __meta_dns_name: "alias.svc.test" },
        { __address__: "10.0.0.2:80", __meta_dns_name: "alias.svc.test" }
      ]
    ],
    [
      "MX: the exchange with the configured port",
      "{names: [mail.svc.test], type: MX, port: 9100}",
      "mail.svc.test",
      [
        {
          __address__: "mx1.svc.test:9100",
          __meta_dns_name: "mail.svc.test",
          __meta_dns_mx_record_target: "mx1.svc.test."
        }
      ]
    ],
    ["NXDOMAIN: no targets", "{names: [nope.svc.test], type: A, port: 1}", "nope.svc.test", []],
    ["NODATA (the name has other records): no targets", "{names: [empty.svc.test]}", "empty.svc.test", []]
  ])("%s", async (_, block, name, targets) => {
    expect(await lookupDnsName(resolver(), sdConfig(block), name)).toEqual({
      source: name,
      targets,
      labels: {}
    })
  })

  it.each([
    ["SERVFAIL", "broken.svc.test", "ESERVFAIL"],
    ["no answer", "slow.svc.test", "ETIMEOUT"]
  ])("%s: the lookup fails and the name keeps its previous targets", async (_, name, code) => {
    const cfg = sdConfig(`{names: [${name}, nodes.svc.test], type: A, port: 80}`)
    const previous = new Map([
      [name, { source: name, targets: [{ __address__: "10.9.9.9:80" }], labels: {} }]
    ])
    const r = await refreshDnsSd(resolver(), cfg, previous)
    expect(r.errors).toEqual([`dns_sd: cannot look up A records of "${name}": ${code}`])
    expect([...r.groups.keys()]).toEqual([name, "nodes.svc.test"])
    expect(r.groups.get(name)).toBe(previous.get(name))
    expect((await refreshDnsSd(resolver(), cfg, new Map())).groups.has(name)).toBe(false)
  })

  it("asks the configured record type of every name, as written", async () => {
    server.queries.length = 0
    await refreshDnsSd(
      resolver(),
      sdConfig("{names: [mail.svc.test, nodes.svc.test], type: MX, port: 1}"),
      new Map()
    )
    expect(server.queries.sort()).toEqual(["mail.svc.test MX", "nodes.svc.test MX"])
  })
})
