import { describe, expect, it } from "vitest"
import type { ExpositionParser } from "./exposition-parser.ts"
import { parseFloatBytes, parseFloatToken } from "./float.ts"
import { OpenMetricsParser } from "./openmetrics-parser.ts"
import { parseAll } from "./parse-all.ts"
import { TextParser } from "./text-parser.ts"

/** Deterministic PRNG (mulberry32). */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

interface Want {
  name: string
  labels: Record<string, string>
  value: number
  timestampMs?: number
  text: string
}

const escapeValue = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")

/**
 * A payload of several 64 KB chunks: label values with escapes, non-ASCII characters and (text
 * format) raw line feeds, HELP text with escapes; `pad` shifts where chunk boundaries fall.
 */
const payload = (seed: number, pad: number, openMetrics: boolean) => {
  const r = rng(seed)
  const pieces = ["a", "b", "Z", "é", "日本", "\\", '"', "\n", " ", "{", "}", ",", "=", "#", "𝄞"]
  const value = () =>
    r() < 0.5
      ? Math.floor(r() * 1e6)
      : Number((r() * 10 ** Math.floor(r() * 20 - 10)).toPrecision(1 + Math.floor(r() * 17)))
  const lines: string[] = []
  const want: Want[] = []
  const helps: Array<[string, string]> = []
  if (!openMetrics) lines.push(`# ${"x".repeat(pad)}`)
  let bytes = 0
  for (let f = 0; bytes < 300_000; f++) {
    const family = `fam_${f}:x`
    const help = Array.from(
      { length: Math.floor(r() * 8) },
      () => pieces[Math.floor(r() * pieces.length)]
    ).join("")
    lines.push(`# HELP ${family} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`)
    helps.push([family, help])
    lines.push(`# TYPE ${family} gauge`)
    for (let k = 0; k < 20; k++) {
      const labels: Record<string, string> = {}
      let written = ""
      for (let l = 0; l < Math.floor(r() * 4); l++) {
        const v = Array.from(
          { length: Math.floor(r() * 10) },
          () => pieces[Math.floor(r() * pieces.length)]
        ).join("")
        labels[`l${l}`] = v
        // Text 0.0.4 takes a raw LF inside a label value; OpenMetrics only the escape.
        const raw = !openMetrics && r() < 0.2 ? v.replace(/\\/g, "\\\\").replace(/"/g, '\\"') : escapeValue(v)
        written += `${l === 0 ? "" : ","}l${l}="${raw}"`
      }
      const v = value()
      const ts = r() < 0.3 ? 1_700_000_000_000 + Math.floor(r() * 1e6) * 1000 : undefined
      const series = written === "" ? family : `${family}{${written}}`
      const tsText = ts === undefined ? "" : openMetrics ? ` ${ts / 1000}` : ` ${ts}`
      lines.push(`${series} ${v}${tsText}`)
      want.push({
        name: family,
        labels,
        value: v,
        ...(ts === undefined ? {} : { timestampMs: ts }),
        text: series
      })
      bytes += Buffer.byteLength(lines[lines.length - 1]) + 1
    }
  }
  return { text: `${lines.join("\n")}\n${openMetrics ? "# EOF\n" : ""}`, want, helps }
}

const drain = (p: ExpositionParser) => {
  const got: Want[] = []
  const helps: Array<[string, string]> = []
  for (let k = p.next(); k !== undefined; k = p.next()) {
    if (k === "help") helps.push([p.metaName, p.helpText])
    if (k !== "series") continue
    expect(p.seriesTextCopy).toBe(p.seriesText)
    const flat: string[] = []
    expect(p.labels(flat)).toBeUndefined()
    const labels: Record<string, string> = {}
    for (let i = 0; i < flat.length; i += 2) labels[flat[i]] = flat[i + 1]
    const ts = p.timestampMs
    got.push({
      name: p.metricName,
      labels,
      value: p.value,
      ...(ts === undefined ? {} : { timestampMs: ts }),
      text: p.seriesText
    })
  }
  expect(p.error).toBeUndefined()
  return { got, helps }
}

describe("parsing from the body bytes", () => {
  for (const openMetrics of [false, true]) {
    const format = openMetrics ? "OpenMetrics" : "text 0.0.4"
    it(`${format}: every sample, label, HELP and series text across 64 KB chunks, from bytes and from a string`, () => {
      for (const [seed, pad] of [
        [1, 0],
        [2, 37],
        [3, 5001]
      ]) {
        const { text, want, helps } = payload(seed, pad, openMetrics)
        const bytes = Buffer.from(text)
        expect(bytes.length).toBeGreaterThan(200_000)
        // A Uint8Array view at an offset into a larger buffer, as well as a Buffer and a string.
        const backing = new Uint8Array(bytes.length + 16)
        backing.set(bytes, 7)
        const inputs: Array<string | Uint8Array> = [bytes, text, backing.subarray(7, 7 + bytes.length)]
        for (const input of inputs) {
          const p = openMetrics ? new OpenMetricsParser(input) : new TextParser(input)
          const r = drain(p)
          expect(r.got).toEqual(want)
          expect(r.helps).toEqual(helps)
        }
      }
    })
  }

  it("gives the same entries and errors from bytes as from the string", () => {
    const cases = [
      'm{a="é"} 1\nm{é="1"} 1\n',
      "m 1\nn 2 x\n",
      'm{a="日本"} 1 12345678901234567890\n',
      "m 1\n\u00e9 2\n",
      "# TYPE m gaugé\nm 1\n",
      'm{a="x"} 1.5e400 5\nm 𝄞\n',
      "m 1\r\n"
    ]
    for (const c of cases) {
      for (const make of [
        (s: string | Uint8Array) => new TextParser(s),
        (s: string | Uint8Array) => new OpenMetricsParser(s)
      ]) {
        const fromString = parseAll(make(c))
        expect(parseAll(make(Buffer.from(c)))).toEqual(fromString)
      }
    }
    // Errors name the character as written, not a byte of it.
    expect(parseAll(new TextParser(Buffer.from("m 1\n\u00e9 2\n"))).error).toEqual({
      line: 2,
      message: 'expected a metric name, got "é"'
    })
    expect(parseAll(new TextParser(Buffer.from("# TYPE m gaugé\n"))).error?.message).toBe(
      'invalid metric type "gaugé"'
    )
  })
})

describe("parseFloatBytes", () => {
  it("is exact where it answers, and the string parse gives Number() where it does not", () => {
    const r = rng(99)
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join("")
    let fast = 0
    for (let k = 0; k < 100_000; k++) {
      const sign = ["", "-", "+"][Math.floor(r() * 3)]
      const int = digits(Math.floor(r() * 18))
      const frac = r() < 0.5 ? "" : `.${digits(Math.floor(r() * 18))}`
      const exp = r() < 0.3 ? `e${["", "-", "+"][Math.floor(r() * 3)]}${Math.floor(r() * 40)}` : ""
      const token = `${sign}${int}${frac}${exp}`
      if (!/\d/.test(int + frac)) continue
      const b = Buffer.from(` ${token} `)
      const v = parseFloatBytes(b, 1, b.length - 1)
      if (v !== undefined) fast++
      const got = v ?? parseFloatToken(token, 0, token.length)
      expect([token, Object.is(got, Number(token))]).toEqual([token, true])
    }
    expect(fast).toBeGreaterThan(30_000)
    for (const word of ["NaN", "+Inf", "-inf", "1e", ".", "0x10", "1_0", ""])
      expect([word, parseFloatBytes(Buffer.from(word), 0, word.length)]).toEqual([word, undefined])
  })
})
