import { describe, expect, it } from "vitest"
import { openMetricsFloat, ProtobufParser } from "./protobuf-parser.ts"

/** A tiny protobuf writer for hand-made MetricFamily messages. */
const varint = (v: number): number[] => {
  const out: number[] = []
  let u = v
  while (u >= 0x80) {
    out.push((u % 0x80) | 0x80)
    u = Math.floor(u / 0x80)
  }
  out.push(u)
  return out
}
const field = (n: number, body: number[]) => [...varint(n * 8 + 2), ...varint(body.length), ...body]
const str = (n: number, s: string) => field(n, [...Buffer.from(s)])
const dbl = (n: number, v: number) => {
  const b = Buffer.alloc(8)
  b.writeDoubleLE(v)
  return [...varint(n * 8 + 1), ...b]
}
const delimited = (msg: number[]) => [...varint(msg.length), ...msg]

const gaugeFamily = (name: string, labels: Array<[string, string]>, v: number) =>
  delimited([
    ...str(1, name),
    ...varint(0x18),
    1,
    ...field(4, [
      ...labels.flatMap(([k, val]) => field(1, [...str(1, k), ...str(2, val)])),
      ...field(2, dbl(1, v))
    ])
  ])

const entries = (p: ProtobufParser) => {
  const out: string[] = []
  for (let k = p.next(); k !== undefined; k = p.next()) {
    if (k !== "series") {
      out.push(`${k} ${p.metaName} ${k === "type" ? p.metricType : p.helpText}`)
      continue
    }
    const labels: string[] = []
    p.labels(labels)
    out.push(`${p.metricName}{${labels.join(",")}} ${p.value}`)
  }
  return out
}

describe("ProtobufParser", () => {
  it("reads delimited families", () => {
    const body = Uint8Array.from([...gaugeFamily("a", [["x", "1"]], 1.5), ...gaugeFamily("b", [], -2)])
    const p = new ProtobufParser(body)
    expect(entries(p)).toEqual(["type a gauge", "a{x,1} 1.5", "type b gauge", "b{} -2"])
    expect(p.error).toBeUndefined()
  })

  it("fails the whole payload on a truncated family, naming it and the byte", () => {
    const good = gaugeFamily("a", [], 1)
    const bad = gaugeFamily("b", [], 2)
    const p = new ProtobufParser(Uint8Array.from([...good, ...bad.slice(0, bad.length - 3)]))
    expect(entries(p)).toEqual([])
    expect(p.error?.message).toMatch(/^protobuf: metric family 2: truncated.* at byte \d+$/)
  })

  it("reports a repeated label name like the text parsers", () => {
    const p = new ProtobufParser(
      Uint8Array.from(
        gaugeFamily(
          "a",
          [
            ["x", "1"],
            ["x", "2"]
          ],
          1
        )
      )
    )
    p.next()
    p.next()
    expect(p.labels([])).toMatch(/not unique/)
  })

  it("formats le and quantile values as Go's formatOpenMetricsFloat", () => {
    const cases: Array<[number, string]> = [
      [1, "1.0"],
      [0, "0.0"],
      [0.5, "0.5"],
      [10, "10.0"],
      [100000, "100000.0"],
      [1e6, "1e+06"],
      [2.5e-7, "2.5e-07"],
      [Number.POSITIVE_INFINITY, "+Inf"],
      [Number.NEGATIVE_INFINITY, "-Inf"]
    ]
    for (const [v, s] of cases) expect([v, openMetricsFloat(v)]).toEqual([v, s])
  })

  it("never throws on damaged bodies", () => {
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const base = [...gaugeFamily("a", [["x", "1"]], 1.5), ...gaugeFamily("b", [], -2)]
    for (let i = 0; i < 20_000; i++) {
      const b = Uint8Array.from(base)
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++)
        b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256)
      const p = new ProtobufParser(b.subarray(0, Math.floor(rnd() * (b.length + 1))))
      entries(p)
    }
  })
})
