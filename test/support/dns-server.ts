/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1 for discovery tests: answers A, AAAA, SRV,
 * MX and CNAME questions from a zone the test may change at any time, NXDOMAIN for unknown names,
 * an empty answer (NODATA) for known names without that type, and SERVFAIL or silence for names the
 * test marks so. Only what a stub resolver asks: one question, no recursion, no TCP, no EDNS.
 */
import { createSocket, type Socket } from "node:dgram"
import { isIPv4, isIPv6 } from "node:net"

export type DnsRecord =
  | { readonly type: "A"; readonly address: string }
  | { readonly type: "AAAA"; readonly address: string }
  | { readonly type: "CNAME"; readonly target: string }
  | {
      readonly type: "SRV"
      readonly priority: number
      readonly weight: number
      readonly port: number
      readonly target: string
    }
  | { readonly type: "MX"; readonly preference: number; readonly exchange: string }

export interface DnsServer {
  /** "127.0.0.1:PORT", for `Resolver#setServers`. */
  readonly address: string
  /** Name (any case, with or without the final dot) → its records. Replace entries to change answers. */
  readonly zone: Map<string, ReadonlyArray<DnsRecord>>
  /** Names answered with SERVFAIL / not answered at all (the client times out). */
  readonly failing: Set<string>
  readonly silent: Set<string>
  /** Questions received so far, as "name TYPE". */
  readonly queries: string[]
  readonly close: () => Promise<void>
}

const typeCodes = { A: 1, CNAME: 5, MX: 15, AAAA: 28, SRV: 33 } as const
const typeNames = new Map<number, string>(Object.entries(typeCodes).map(([k, v]) => [v, k]))

const normalize = (name: string) => name.toLowerCase().replace(/\.$/, "")

const encodeName = (name: string): Buffer => {
  const parts = normalize(name)
    .split(".")
    .filter((p) => p !== "")
  return Buffer.concat([
    ...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p)])),
    Buffer.from([0])
  ])
}

const ipv6Bytes = (address: string): Buffer => {
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined]
  const h = head ? head.split(":") : []
  const t = tail ? tail.split(":") : []
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t]
  const out = Buffer.alloc(16)
  groups.forEach((g, i) => out.writeUInt16BE(Number.parseInt(g, 16), i * 2))
  return out
}

const rdata = (r: DnsRecord): Buffer => {
  switch (r.type) {
    case "A":
      if (!isIPv4(r.address)) throw new Error(`not an IPv4 address: ${r.address}`)
      return Buffer.from(r.address.split(".").map(Number))
    case "AAAA":
      if (!isIPv6(r.address)) throw new Error(`not an IPv6 address: ${r.address}`)
      return ipv6Bytes(r.address)
    case "CNAME":
      return encodeName(r.target)
    case "SRV": {
      const head = Buffer.alloc(6)
      head.writeUInt16BE(r.priority, 0)
      head.writeUInt16BE(r.weight, 2)
      head.writeUInt16BE(r.port, 4)
      return Buffer.concat([head, encodeName(r.target)])
    }
    case "MX": {
      const head = Buffer.alloc(2)
      head.writeUInt16BE(r.preference, 0)
      return Buffer.concat([head, encodeName(r.exchange)])
    }
  }
}

/** The question: name, type code, and the offset just past it. */
const readQuestion = (msg: Buffer): { name: string; type: number; end: number } => {
  const labels: string[] = []
  let i = 12
  while (msg[i] !== 0) {
    labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString())
    i += 1 + msg[i]
  }
  return { name: labels.join("."), type: msg.readUInt16BE(i + 1), end: i + 5 }
}

const answer = (query: Buffer, server: DnsServer): Buffer | undefined => {
  const q = readQuestion(query)
  const typeName = typeNames.get(q.type) ?? String(q.type)
  server.queries.push(`${q.name} ${typeName}`)
  const name = normalize(q.name)
  if (server.silent.has(name)) return undefined
  const records = [...server.zone].find(([n]) => normalize(n) === name)?.[1]
  const rcode = server.failing.has(name) ? 2 : records === undefined ? 3 : 0
  // A CNAME answers every type; the resolver follows it within the same answer.
  const chain: Array<[string, DnsRecord]> = []
  let current = name
  for (let hops = 0; rcode === 0 && hops < 8; hops++) {
    const rs = [...server.zone].find(([n]) => normalize(n) === current)?.[1] ?? []
    const cname = rs.find((r) => r.type === "CNAME")
    if (cname && q.type !== typeCodes.CNAME) {
      chain.push([current, cname])
      current = normalize((cname as { target: string }).target)
      continue
    }
    for (const r of rs) if (typeCodes[r.type] === q.type) chain.push([current, r])
    break
  }
  const header = Buffer.alloc(12)
  header.writeUInt16BE(query.readUInt16BE(0), 0) // id
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2) // QR AA RD RA
  header.writeUInt16BE(1, 4)
  header.writeUInt16BE(chain.length, 6)
  const rrs = chain.map(([owner, r]) => {
    const data = rdata(r)
    const fixed = Buffer.alloc(10)
    fixed.writeUInt16BE(typeCodes[r.type], 0)
    fixed.writeUInt16BE(1, 2) // IN
    fixed.writeUInt32BE(30, 4) // TTL
    fixed.writeUInt16BE(data.length, 8)
    return Buffer.concat([encodeName(owner), fixed, data])
  })
  return Buffer.concat([header, query.subarray(12, q.end), ...rrs])
}

/** Starts the server on 127.0.0.1 with an ephemeral UDP port. */
export const startDnsServer = async (
  zone: Record<string, ReadonlyArray<DnsRecord>> = {}
): Promise<DnsServer> => {
  const socket: Socket = createSocket("udp4")
  const server: DnsServer = {
    address: "",
    zone: new Map(Object.entries(zone)),
    failing: new Set(),
    silent: new Set(),
    queries: [],
    close: () => new Promise<void>((r) => socket.close(() => r()))
  }
  socket.on("message", (msg, rinfo) => {
    const reply = msg.length >= 12 ? answer(msg, server) : undefined
    if (reply) socket.send(reply, rinfo.port, rinfo.address)
  })
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()))
  return { ...server, address: `127.0.0.1:${socket.address().port}` }
}
