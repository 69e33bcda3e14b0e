/**
 * Vesta's self-metrics: counters, gauges and histograms registered once and updated from plain
 * code (a hot path may call `inc` per batch without any Effect), rendered in Prometheus text
 * exposition format 0.0.4. It does not scrape, store or push anything.
 */
import { Context, Layer } from "effect"
import { formatG as formatSampleValue } from "./go-float.ts"

export type LabelValues = Readonly<Record<string, string>>

interface Family {
  readonly name: string
  readonly help: string
  readonly type: "counter" | "gauge" | "histogram" | "untyped"
  /** Appends the family's sample lines (without HELP/TYPE) to `out`. */
  collect(out: string[]): void
}

const escapeHelp = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")
const escapeValue = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')

const labelString = (
  names: ReadonlyArray<string>,
  values: ReadonlyArray<string>,
  extra?: [string, string]
) => {
  const parts: string[] = []
  for (let i = 0; i < names.length; i++) parts.push(`${names[i]}="${escapeValue(values[i])}"`)
  if (extra) parts.push(`${extra[0]}="${escapeValue(extra[1])}"`)
  return parts.length === 0 ? "" : `{${parts.join(",")}}`
}

abstract class Labelled<Child> implements Family {
  readonly children = new Map<string, { values: string[]; child: Child }>()
  abstract readonly type: Family["type"]
  readonly name: string
  readonly help: string
  readonly labelNames: ReadonlyArray<string>
  constructor(name: string, help: string, labelNames: ReadonlyArray<string>) {
    this.name = name
    this.help = help
    this.labelNames = labelNames
  }
  protected abstract create(): Child
  protected abstract lines(out: string[], labels: ReadonlyArray<string>, child: Child): void
  /** The child for these label values; created (at zero) on first use. */
  labels(values: LabelValues = {}): Child {
    const vals = this.labelNames.map((n) => values[n] ?? "")
    const key = vals.join("\u0000")
    let entry = this.children.get(key)
    if (!entry) {
      entry = { values: vals, child: this.create() }
      this.children.set(key, entry)
    }
    return entry.child
  }
  /** Forgets one child (e.g. a target that went away). */
  remove(values: LabelValues): void {
    this.children.delete(this.labelNames.map((n) => values[n] ?? "").join("\u0000"))
  }
  collect(out: string[]): void {
    const entries = [...this.children.values()].sort((a, b) =>
      a.values.join("\u0000") < b.values.join("\u0000") ? -1 : 1
    )
    for (const e of entries) this.lines(out, e.values, e.child)
  }
}

export class CounterChild {
  value = 0
  inc(by = 1): void {
    if (by < 0) throw new Error(`counter decreased by ${by}`) // a bug, not input
    this.value += by
  }
}

export class Counter extends Labelled<CounterChild> {
  readonly type = "counter" as const
  protected create() {
    return new CounterChild()
  }
  protected lines(out: string[], labels: ReadonlyArray<string>, c: CounterChild) {
    out.push(`${this.name}${labelString(this.labelNames, labels)} ${formatSampleValue(c.value)}`)
  }
  inc(by = 1): void {
    this.labels().inc(by)
  }
}

export class GaugeChild {
  value = 0
  set(v: number): void {
    this.value = v
  }
  inc(by = 1): void {
    this.value += by
  }
  dec(by = 1): void {
    this.value -= by
  }
}

export class Gauge extends Labelled<GaugeChild> {
  readonly type = "gauge" as const
  protected create() {
    return new GaugeChild()
  }
  protected lines(out: string[], labels: ReadonlyArray<string>, g: GaugeChild) {
    out.push(`${this.name}${labelString(this.labelNames, labels)} ${formatSampleValue(g.value)}`)
  }
  set(v: number): void {
    this.labels().set(v)
  }
  inc(by = 1): void {
    this.labels().inc(by)
  }
  dec(by = 1): void {
    this.labels().dec(by)
  }
}

export class HistogramChild {
  readonly counts: Float64Array
  readonly buckets: ReadonlyArray<number>
  sum = 0
  count = 0
  constructor(buckets: ReadonlyArray<number>) {
    this.buckets = buckets
    this.counts = new Float64Array(buckets.length)
  }
  observe(v: number): void {
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]) this.counts[i]++
    this.sum += v
    this.count++
  }
}

export class Histogram extends Labelled<HistogramChild> {
  readonly type = "histogram" as const
  readonly buckets: ReadonlyArray<number>
  constructor(name: string, help: string, labelNames: ReadonlyArray<string>, buckets: ReadonlyArray<number>) {
    super(name, help, labelNames)
    this.buckets = buckets
  }
  protected create() {
    return new HistogramChild(this.buckets)
  }
  protected lines(out: string[], labels: ReadonlyArray<string>, h: HistogramChild) {
    for (let i = 0; i < this.buckets.length; i++) {
      const le = formatSampleValue(this.buckets[i])
      out.push(
        `${this.name}_bucket${labelString(this.labelNames, labels, ["le", le])} ${formatSampleValue(h.counts[i])}`
      )
    }
    out.push(
      `${this.name}_bucket${labelString(this.labelNames, labels, ["le", "+Inf"])} ${formatSampleValue(h.count)}`
    )
    out.push(`${this.name}_sum${labelString(this.labelNames, labels)} ${formatSampleValue(h.sum)}`)
    out.push(`${this.name}_count${labelString(this.labelNames, labels)} ${formatSampleValue(h.count)}`)
  }
  observe(v: number): void {
    this.labels().observe(v)
  }
}

/** A gauge or counter whose samples are computed when /metrics is read (process stats, head size). */
export class Collected implements Family {
  readonly name: string
  readonly help: string
  readonly type: "counter" | "gauge"
  readonly read: () => ReadonlyArray<readonly [LabelValues, number]> | number
  constructor(
    name: string,
    help: string,
    type: "counter" | "gauge",
    read: () => ReadonlyArray<readonly [LabelValues, number]> | number
  ) {
    this.name = name
    this.help = help
    this.type = type
    this.read = read
  }
  collect(out: string[]): void {
    const r = this.read()
    if (typeof r === "number") {
      out.push(`${this.name} ${formatSampleValue(r)}`)
      return
    }
    for (const [labels, v] of r) {
      const names = Object.keys(labels).sort()
      out.push(
        `${this.name}${labelString(
          names,
          names.map((n) => labels[n])
        )} ${formatSampleValue(v)}`
      )
    }
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/

/** One per process; each role registers its metrics at start. Names must be unique. */
export class MetricsRegistry {
  private readonly families = new Map<string, Family>()

  private add<F extends Family>(f: F): F {
    if (!METRIC_NAME.test(f.name)) throw new Error(`invalid metric name "${f.name}"`)
    const existing = this.families.get(f.name)
    if (existing) {
      if (existing.type !== f.type)
        throw new Error(`metric "${f.name}" registered twice with different types`)
      return existing as F
    }
    this.families.set(f.name, f)
    return f
  }
  counter(name: string, help: string, labelNames: ReadonlyArray<string> = []): Counter {
    return this.add(new Counter(name, help, labelNames))
  }
  gauge(name: string, help: string, labelNames: ReadonlyArray<string> = []): Gauge {
    return this.add(new Gauge(name, help, labelNames))
  }
  histogram(
    name: string,
    help: string,
    buckets: ReadonlyArray<number>,
    labelNames: ReadonlyArray<string> = []
  ): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets))
  }
  collected(
    name: string,
    help: string,
    type: "counter" | "gauge",
    read: () => ReadonlyArray<readonly [LabelValues, number]> | number
  ): Collected {
    return this.add(new Collected(name, help, type, read))
  }
  /** Text exposition format 0.0.4, families sorted by name. */
  render(): string {
    const out: string[] = []
    for (const name of [...this.families.keys()].sort()) {
      const f = this.families.get(name)!
      out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`)
      out.push(`# TYPE ${f.name} ${f.type}`)
      f.collect(out)
    }
    return out.join("\n") + "\n"
  }
}

/** Prometheus's default histogram buckets (client_golang DefBuckets). */
export const defaultBuckets: ReadonlyArray<number> = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** The process's registry as a service, so every role registers into the same one. */
export class SelfMetrics extends Context.Service<SelfMetrics, MetricsRegistry>()(
  "protocols/metrics/SelfMetrics"
) {
  static readonly layer = Layer.sync(SelfMetrics, () => new MetricsRegistry())
}
