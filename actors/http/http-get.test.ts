import { createServer as createNetServer, type Server, type Socket } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { httpGet } from "./http-get.ts"

const servers: Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/**
 * A raw HTTP/1.1 server: `answer(connection, request)` says, for the n-th request (0-based) on the
 * c-th connection (0-based), whether to reply (keeping the connection) or to close the connection
 * without a reply (what a server does to an idle kept-alive connection).
 */
const rawServer = async (answer: (connection: number, request: number) => "reply" | "close") => {
  const sockets: Socket[] = []
  const server = createNetServer((socket) => {
    const c = sockets.push(socket) - 1
    let n = 0
    let buffered = ""
    socket.on("data", (d) => {
      buffered += d.toString("latin1")
      while (buffered.includes("\r\n\r\n")) {
        buffered = buffered.slice(buffered.indexOf("\r\n\r\n") + 4)
        if (answer(c, n++) === "close") {
          socket.destroy()
          return
        }
        socket.write("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 4\r\n\r\nm 1\n")
      }
    })
    socket.on("error", () => {})
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/metrics`, connections: () => sockets.length }
}

const http = parsePrometheusConfig("scrape_configs:\n  - job_name: x\n").scrapeConfigs[0].http
const get = (url: string) => httpGet({ url, headers: {}, timeoutMs: 2000, bodySizeLimitBytes: 0, http })

describe("httpGet connections", () => {
  it("keeps the connection between requests", async () => {
    const s = await rawServer(() => "reply")
    for (let i = 0; i < 3; i++) expect(await get(s.url)).toMatchObject({ ok: true, status: 200 })
    expect(s.connections()).toBe(1)
  })
  it("sends again on a new connection when the server closed the kept one as the request went out", async () => {
    const s = await rawServer((c, n) => (c === 0 && n === 1 ? "close" : "reply"))
    expect(await get(s.url)).toMatchObject({ ok: true })
    const second = await get(s.url)
    expect(second).toMatchObject({ ok: true, status: 200 })
    expect(s.connections()).toBe(2)
  })
  it("does not retry a request that failed on a new connection", async () => {
    const s = await rawServer(() => "close")
    const r = await get(s.url)
    expect(r.ok).toBe(false)
    expect(r.ok ? "" : r.error).toMatch(
      /^Get "http:\/\/127\.0\.0\.1:\d+\/metrics": (socket hang up|read ECONNRESET)$/
    )
    expect(s.connections()).toBe(1)
  })
})
