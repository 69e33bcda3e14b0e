import { afterEach, describe, expect, it } from "vitest"
import {
  type Peer,
  runTool,
  startAlertmanager,
  startNodeExporter,
  startPrometheus,
  startPushgateway
} from "./peers.ts"

const running: Peer[] = []
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop()
})
const track = async (p: Promise<Peer>) => {
  const peer = await p
  running.push(peer)
  return peer
}

describe("Debian peers on loopback", () => {
  it("starts prometheus with remote write enabled and answers a query", async () => {
    const p = await track(startPrometheus({ flags: ["--web.enable-remote-write-receiver"] }))
    expect(p.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const r = (await (await fetch(`${p.baseUrl}/api/v1/query?query=1%2B1`)).json()) as {
      data: { result: [number, string] }
    }
    expect(r.data.result[1]).toBe("2")
  })
  it("starts alertmanager, pushgateway and node-exporter", async () => {
    const am = await track(startAlertmanager("route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n"))
    expect((await fetch(`${am.baseUrl}/-/healthy`)).status).toBe(200)
    const pg = await track(startPushgateway())
    expect((await fetch(`${pg.baseUrl}/-/healthy`)).status).toBe(200)
    const ne = await track(startNodeExporter())
    expect(await (await fetch(`${ne.baseUrl}/metrics`)).text()).toMatch(/^node_exporter_build_info\{/m)
  })
  it("runs promtool", async () => {
    const r = await runTool("promtool", ["--version"])
    expect(r.code).toBe(0)
    expect(r.stdout + r.stderr).toMatch(/promtool, version 2\./)
  })
})
