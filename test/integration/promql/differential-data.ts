/**
 * The data set of the PromQL differential test: counters (with resets), gauges (sine, steps,
 * NaN, negative), classic histograms and a summary, 15 s apart over 3 hours from a fixed epoch.
 * Deterministic: the same samples go to Prometheus (as promtool-made blocks) and to Vesta.
 */

export interface GeneratedSeries {
  readonly labels: Readonly<Record<string, string>>
  readonly type: "counter" | "gauge" | "histogram" | "summary"
  readonly samples: ReadonlyArray<readonly [number, number]>
}

/** 2026-01-01T00:00:00Z: in the past, so blocks load, and far from any block boundary issue. */
export const epochMs = 1_767_225_600_000
export const stepMs = 15_000
export const points = 720 // 3 hours

const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

export const generate = (): GeneratedSeries[] => {
  const r = rng(42)
  const out: GeneratedSeries[] = []
  const times = Array.from({ length: points }, (_, i) => epochMs + i * stepMs)
  for (const [job, instances] of [
    ["api", 3],
    ["db", 2]
  ] as const) {
    for (let inst = 0; inst < instances; inst++) {
      for (const code of ["200", "500"]) {
        let v = Math.floor(r() * 1000)
        const rate = code === "200" ? 5 + inst : 0.3
        out.push({
          labels: { __name__: "http_requests_total", job, instance: `${job}-${inst}`, code },
          type: "counter",
          samples: times.map((t, i) => {
            if (job === "db" && code === "200" && inst === 1 && i === 400) v = 0 // a counter reset
            v += Math.round(rate * 15 * (0.5 + r()))
            return [t, v] as const
          })
        })
      }
      out.push({
        labels: { __name__: "temperature_celsius", job, instance: `${job}-${inst}` },
        type: "gauge",
        samples: times.map(
          (t, i) => [t, Math.round((20 + 5 * Math.sin(i / 40 + inst) + r()) * 100) / 100] as const
        )
      })
      out.push({
        labels: { __name__: "queue_depth", job, instance: `${job}-${inst}` },
        type: "gauge",
        samples: times.map((t, i) => [t, i % 97 < 50 ? Math.floor(i / 13) % 7 : -3 + inst] as const)
      })
      const buckets = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"]
      const counts = buckets.map(() => 0)
      const series = buckets.map(() => [] as Array<readonly [number, number]>)
      const sum: Array<readonly [number, number]> = []
      const count: Array<readonly [number, number]> = []
      let total = 0
      for (const t of times) {
        for (let k = 0; k < 5; k++) {
          const obs = r() ** 2 * 3
          total += obs
          for (let b = 0; b < buckets.length; b++)
            if (buckets[b] === "+Inf" || obs <= Number(buckets[b])) counts[b]++
        }
        buckets.forEach((_, b) => series[b].push([t, counts[b]]))
        sum.push([t, Math.round(total * 1000) / 1000])
        count.push([t, counts[buckets.length - 1]])
      }
      buckets.forEach((le, b) =>
        out.push({
          labels: { __name__: "request_duration_seconds_bucket", job, instance: `${job}-${inst}`, le },
          type: "histogram",
          samples: series[b]
        })
      )
      out.push({
        labels: { __name__: "request_duration_seconds_sum", job, instance: `${job}-${inst}` },
        type: "histogram",
        samples: sum
      })
      out.push({
        labels: { __name__: "request_duration_seconds_count", job, instance: `${job}-${inst}` },
        type: "histogram",
        samples: count
      })
    }
  }
  // A series that stops half way and one with gaps, for lookback and absent().
  out.push({
    labels: { __name__: "batch_last_success", job: "cron" },
    type: "gauge",
    samples: times.slice(0, 300).map((t) => [t, t / 1000] as const)
  })
  out.push({
    labels: { __name__: "sparse_metric", job: "cron" },
    type: "gauge",
    samples: times.filter((_, i) => i % 20 === 0).map((t, i) => [t, i * 1.5] as const)
  })
  return out
}

/** OpenMetrics text of the data set, for `promtool tsdb create-blocks-from openmetrics`. */
export const toOpenMetrics = (series: ReadonlyArray<GeneratedSeries>): string => {
  const families = new Map<string, { type: string; lines: string[] }>()
  for (const s of series) {
    const name = s.labels.__name__
    const family =
      s.type === "counter"
        ? name.replace(/_total$/, "")
        : s.type === "histogram"
          ? name.replace(/_(bucket|sum|count)$/, "")
          : name
    let f = families.get(family)
    if (!f)
      families.set(
        family,
        (f = {
          type: s.type === "counter" ? "counter" : s.type === "histogram" ? "histogram" : "gauge",
          lines: []
        })
      )
    const labels = Object.entries(s.labels)
      .filter(([k]) => k !== "__name__")
      .map(([k, v]) => `${k}="${v}"`)
      .join(",")
    for (const [t, v] of s.samples) f.lines.push(`${name}{${labels}} ${v} ${t / 1000}`)
  }
  let text = ""
  for (const [family, f] of families) text += `# TYPE ${family} ${f.type}\n${f.lines.join("\n")}\n`
  return `${text}# EOF\n`
}
