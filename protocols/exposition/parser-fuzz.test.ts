import { describe, expect, it } from "vitest"
import type { ExpositionParser } from "./exposition-parser.ts"
import { OpenMetricsParser } from "./openmetrics-parser.ts"
import { TextParser } from "./text-parser.ts"

/** Deterministic PRNG (mulberry32) so a failure reproduces from its seed. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const seeds = [
  '# HELP http_requests_total Total.\n# TYPE http_requests_total counter\nhttp_requests_total{code="200",method="GET"} 1027 1395066363000\nhttp_requests_total{code="400",method="POST"} 3\n',
  '# TYPE h histogram\nh_bucket{le="0.1"} 1\nh_bucket{le="+Inf"} 3\nh_sum 2.5\nh_count 3\nm{a="x\\"y\\\\z\\nw"} NaN\n',
  '# TYPE foo counter\n# UNIT foo_seconds seconds\nfoo_total{a="1"} 5 # {trace_id="abc"} 0.5 1795500000.5\nfoo_created 17e8\n# EOF\n',
  "m 1\nn -Inf 5\n\n# comment\n x 1\n"
]
const alphabet = ' \t\n#{}",=\\_:aZ09.-+eE'

const mutate = (r: () => number, s: string): string => {
  let out = s
  const edits = 1 + Math.floor(r() * 6)
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (out.length + 1))
    const op = r()
    const ch =
      r() < 0.7 ? alphabet[Math.floor(r() * alphabet.length)] : String.fromCharCode(Math.floor(r() * 0x3000))
    if (op < 0.4) out = out.slice(0, at) + ch + out.slice(at)
    else if (op < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 4))
    else if (op < 0.9) out = out.slice(0, at) + ch + out.slice(at + 1)
    else out = out.slice(0, at) + out.slice(Math.floor(r() * out.length))
  }
  return out
}

/** Drains a parser; every step must advance, so the entry count is bounded by the payload size. */
const drain = (p: ExpositionParser, payload: string): number => {
  let entries = 0
  const scratch: string[] = []
  while (p.next() !== undefined) {
    entries++
    scratch.length = 0
    p.labels(scratch)
    if (entries > payload.length + 1) throw new Error(`parser did not advance on ${JSON.stringify(payload)}`)
  }
  return entries
}

describe("exposition parsers under random and mutated input", () => {
  it("never throw nor loop: 60,000 payloads, each parsed from string and bytes by both parsers (240,000 parses)", () => {
    const r = rng(20261124)
    let errors = 0
    for (let k = 0; k < 60_000; k++) {
      const payload =
        r() < 0.1
          ? Array.from({ length: 40 }, () => alphabet[Math.floor(r() * alphabet.length)]).join("")
          : mutate(r, seeds[k % seeds.length])
      // From the string and from its UTF-8 bytes (as a scraped body arrives).
      const bytes = Buffer.from(payload)
      const parsers = [
        new TextParser(payload),
        new OpenMetricsParser(payload),
        new TextParser(bytes),
        new OpenMetricsParser(bytes)
      ]
      for (const p of parsers) {
        drain(p, payload)
        if (p.error) {
          errors++
          expect(p.error.line).toBeGreaterThanOrEqual(1)
          expect(p.error.message.length).toBeGreaterThan(0)
        }
      }
    }
    // Most mutations break something; both outcomes must occur for the fuzzing to mean anything.
    expect(errors).toBeGreaterThan(40_000)
    expect(errors).toBeLessThan(240_000)
  })
})
