/**
 * Exposition parse throughput on a large real payload: the Debian node exporter's /metrics
 * (fetched from a node exporter this bench starts on loopback) repeated to ≥ 50,000 lines, in text
 * 0.0.4 and OpenMetrics, from the body Buffer as a scrape receives it (the parsers decode only the
 * parts they make strings of). Two figures per format: parsing with a warm series cache (each
 * sample's seriesText, the cache key, and value read; labels not materialised, as a steady-state
 * scrape loop does) and parsing with every label set read.
 * Run: node protocols/exposition/parser.bench.ts
 */
import { startNodeExporter } from "../../test/support/peers.ts"
import type { ExpositionParser } from "./exposition-parser.ts"
import { OpenMetricsParser } from "./openmetrics-parser.ts"
import { TextParser } from "./text-parser.ts"

const minLines = 50_000
const trials = 7

const fetchBody = async (url: string, accept: string) => (await fetch(url, { headers: { accept } })).text()

const repeat = (body: string, openMetrics: boolean) => {
  const core = openMetrics ? body.replace(/# EOF\n?$/, "") : body
  const lines = core.split("\n").length
  const times = Math.ceil(minLines / lines)
  return core.repeat(times) + (openMetrics ? "# EOF\n" : "")
}

let sink = 0

/** From the body bytes: decoding what a scrape needs as strings is part of the measured work. */
const run = (make: (b: Buffer) => ExpositionParser, payload: Buffer, withLabels: boolean) => {
  const scratch: string[] = []
  let samples = 0
  const t0 = performance.now()
  const p = make(payload)
  for (let k = p.next(); k !== undefined; k = p.next()) {
    if (k !== "series") continue
    samples++
    sink += p.seriesText.length + p.value
    if (withLabels) {
      scratch.length = 0
      p.labels(scratch)
    }
  }
  if (p.error) throw new Error(`bench payload rejected: line ${p.error.line}: ${p.error.message}`)
  return { samples, seconds: (performance.now() - t0) / 1000 }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const main = async () => {
  const ne = await startNodeExporter()
  let text: string
  let om: string
  try {
    text = await fetchBody(`${ne.baseUrl}/metrics`, "text/plain;version=0.0.4")
    om = await fetchBody(`${ne.baseUrl}/metrics`, "application/openmetrics-text;version=1.0.0")
  } finally {
    await ne.stop()
  }
  // node exporter 1.5 answers 0.0.4 even when OpenMetrics is asked for; its 0.0.4 output (single
  // spaces, no timestamps) is valid OpenMetrics once it ends with "# EOF".
  const omBody = om.endsWith("# EOF\n")
    ? om
    : `${text.replace(/^# TYPE (\S+) untyped$/gm, "# TYPE $1 unknown")}# EOF\n`
  const cases: Array<[string, (b: Buffer) => ExpositionParser, Buffer]> = [
    ["text 0.0.4", (b) => new TextParser(b), Buffer.from(repeat(text, false))],
    ["OpenMetrics", (b) => new OpenMetricsParser(b), Buffer.from(repeat(omBody, true))]
  ]
  let textRate = 0
  console.log("format        payload                    mode            samples/s      MB/s")
  for (const [name, make, payload] of cases) {
    for (const withLabels of [false, true]) {
      for (let w = 0; w < 10; w++) run(make, payload, withLabels) // warm-up: the optimising JIT needs several runs
      const rates: number[] = []
      const mbs: number[] = []
      let samples = 0
      for (let t = 0; t < trials; t++) {
        const r = run(make, payload, withLabels)
        samples = r.samples
        rates.push(r.samples / r.seconds)
        mbs.push(payload.length / 1e6 / r.seconds)
      }
      const rate = median(rates)
      if (name === "text 0.0.4" && !withLabels) textRate = rate
      const size = `${(payload.length / 1e6).toFixed(1)} MB, ${samples} samples`
      console.log(
        `${name.padEnd(13)} ${size.padEnd(26)} ${(withLabels ? "all labels" : "cached series").padEnd(15)} ${Math.round(rate).toString().padStart(10)} ${median(mbs).toFixed(1).padStart(9)}`
      )
    }
  }
  if (sink === -1) console.log("unreachable")
  console.log(`scrape parse samples/s: ${Math.round(textRate)}`)
}

await main()
