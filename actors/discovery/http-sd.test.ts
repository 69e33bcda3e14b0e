import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { fetchHttpSd } from "./http-sd.ts"

let server: Server
let base = ""
let seen: IncomingHttpHeaders = {}
beforeAll(async () => {
  server = createServer((req, res) => {
    seen = req.headers
    if (req.url === "/sd")
      res
        .writeHead(200, { "content-type": "application/json" })
        .end('[{"targets":["a:1"],"labels":{"env":"x"}}]')
    else if (req.url === "/html") res.writeHead(200, { "content-type": "text/html" }).end("<p>")
    else res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())

const cfg = (path: string) =>
  parsePrometheusConfig(
    `scrape_configs:\n  - job_name: x\n    http_sd_configs: [{url: '${base}${path}', refresh_interval: 15s}]\n`
  ).scrapeConfigs[0].httpSdConfigs[0]

it("fetches target groups with Prometheus's headers and adds __meta_url", async () => {
  const groups = await fetchHttpSd(cfg("/sd"), "Vesta/test")
  expect(groups).toEqual([
    {
      source: `${base}/sd:0`,
      targets: [{ __address__: "a:1" }],
      labels: { __meta_url: `${base}/sd`, env: "x" }
    }
  ])
  expect(seen.accept).toBe("application/json")
  expect(seen["x-prometheus-refresh-interval-seconds"]).toBe("15")
})
it.each([
  ["/missing", "server returned HTTP status 404 Not Found"],
  ["/html", 'unsupported content type "text/html"']
])("reports %s", async (path, message) => {
  expect(await fetchHttpSd(cfg(path), "Vesta/test")).toBe(`http_sd ${base}${path}: ${message}`)
})
