/**
 * Writes Prometheus text format 0.0.4 (what `/federate`, the Pushgateway and exporters serve):
 * families sorted by name with `# TYPE` (and optional `# HELP`) lines, label values escaped
 * (`\`, `"`, LF), HELP escaped (`\`, LF), values as Go prints them, optional ms timestamps.
 */
import { formatG } from "../metrics/go-float.ts"

export interface WrittenSample {
  /** Flat sorted labels without `__name__`. */
  readonly labels: ReadonlyArray<string>
  readonly value: number
  readonly timestampMs?: number
}

export interface WrittenFamily {
  readonly name: string
  readonly type: "counter" | "gauge" | "histogram" | "summary" | "untyped"
  readonly help?: string
  /** Each sample's own metric name (e.g. `x_bucket` in family `x`); defaults to the family name. */
  readonly samples: ReadonlyArray<WrittenSample & { readonly name?: string }>
}

export const escapeLabelValue = (v: string): string =>
  /[\\"\n]/.test(v) ? v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") : v

const escapeHelp = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")

export const writeLabels = (labels: ReadonlyArray<string>): string => {
  if (labels.length === 0) return ""
  let s = "{"
  for (let i = 0; i < labels.length; i += 2)
    s += `${i === 0 ? "" : ","}${labels[i]}="${escapeLabelValue(labels[i + 1])}"`
  return `${s}}`
}

export const writeTextFormat = (families: ReadonlyArray<WrittenFamily>): string => {
  const out: string[] = []
  const sorted = [...families].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const f of sorted) {
    if (f.help !== undefined) out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`)
    out.push(`# TYPE ${f.name} ${f.type}`)
    for (const s of f.samples) {
      const ts = s.timestampMs === undefined ? "" : ` ${s.timestampMs}`
      out.push(`${s.name ?? f.name}${writeLabels(s.labels)} ${formatG(s.value)}${ts}`)
    }
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`
}
