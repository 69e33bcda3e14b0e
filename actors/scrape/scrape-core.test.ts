import { describe, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { TextParser } from "../../protocols/exposition/text-parser.ts"
import { isStaleMarker } from "../../protocols/values/special-nans.ts"
import { ScrapeCache, type ScrapeResult, type ScrapeSettings, scrapeOnce } from "./scrape-core.ts"
import { mergeTargetLabels } from "./target-label-merge.ts"

const settings = (over: Partial<ScrapeSettings> = {}): ScrapeSettings => ({
  targetLabels: { job: "lab", instance: "127.0.0.1:28080" },
  honorLabels: false,
  honorTimestamps: true,
  trackTimestampsStaleness: false,
  metricRelabelConfigs: [],
  sampleLimit: 0,
  labelLimit: 0,
  labelNameLengthLimit: 0,
  labelValueLengthLimit: 0,
  ...over
})

const rows = (r: ScrapeResult) =>
  r.labels.map((l, i) => {
    const o: Record<string, string> = {}
    for (let k = 0; k < l.length; k += 2) o[l[k]] = l[k + 1]
    return { series: o, t: r.timestampsMs[i], v: isStaleMarker(r.values[i]) ? "stale" : r.values[i] }
  })
const scrape = (cache: ScrapeCache, body: string | undefined, t: number, s = settings()) =>
  scrapeOnce(
    cache,
    body === undefined ? undefined : new TextParser(body),
    body === undefined ? "connection refused" : undefined,
    t,
    0.01,
    s
  )

describe("target label merge (spec §1.12, observed on 2.42)", () => {
  const target = { job: "lab_nohonor", instance: "127.0.0.1:28080" }
  it.each([
    [
      "honor_labels false renames clashes",
      { __name__: "honor_metric", job: "fromtarget", instance: "fakeinst", foo: "bar" },
      false,
      {
        __name__: "honor_metric",
        exported_instance: "fakeinst",
        exported_job: "fromtarget",
        foo: "bar",
        instance: "127.0.0.1:28080",
        job: "lab_nohonor"
      }
    ],
    [
      "renaming repeats until unique",
      { __name__: "m", exported_job: "pre", job: "x2" },
      false,
      {
        __name__: "m",
        exported_exported_job: "x2",
        exported_job: "pre",
        instance: "127.0.0.1:28080",
        job: "lab_nohonor"
      }
    ],
    [
      "an empty scraped value is no clash",
      { __name__: "m", job: "" },
      false,
      { __name__: "m", instance: "127.0.0.1:28080", job: "lab_nohonor" }
    ],
    [
      "honor_labels true keeps scraped",
      { __name__: "m", job: "pushed" },
      true,
      { __name__: "m", instance: "127.0.0.1:28080", job: "pushed" }
    ],
    [
      "honor_labels true: empty scraped value blocks and is dropped",
      { __name__: "m", instance: "" },
      true,
      { __name__: "m", job: "lab_nohonor" }
    ]
  ])("%s", (_name, scraped, honor, want) => {
    const got = mergeTargetLabels(new Map(Object.entries(scraped)), target, honor)
    expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries(Object.entries(want).sort()))
  })
})

describe("scrapeOnce", () => {
  it("stamps samples with the scrape time, keeps explicit timestamps, adds the synthetic series", () => {
    const r = scrape(new ScrapeCache(), 'a{x="1"} 1\nb 2 1700000000000\n', 5000)
    expect(r.up).toBe(true)
    expect(rows(r)).toEqual([
      { series: { __name__: "a", instance: "127.0.0.1:28080", job: "lab", x: "1" }, t: 5000, v: 1 },
      { series: { __name__: "b", instance: "127.0.0.1:28080", job: "lab" }, t: 1700000000000, v: 2 },
      { series: { __name__: "up", instance: "127.0.0.1:28080", job: "lab" }, t: 5000, v: 1 },
      {
        series: { __name__: "scrape_duration_seconds", instance: "127.0.0.1:28080", job: "lab" },
        t: 5000,
        v: 0.01
      },
      {
        series: { __name__: "scrape_samples_scraped", instance: "127.0.0.1:28080", job: "lab" },
        t: 5000,
        v: 2
      },
      {
        series: {
          __name__: "scrape_samples_post_metric_relabeling",
          instance: "127.0.0.1:28080",
          job: "lab"
        },
        t: 5000,
        v: 2
      },
      { series: { __name__: "scrape_series_added", instance: "127.0.0.1:28080", job: "lab" }, t: 5000, v: 2 }
    ])
  })
  it("writes staleness markers for vanished series and for all on a failed scrape", () => {
    const cache = new ScrapeCache()
    scrape(cache, "a 1\nb 1\nc 1 1700000000000\n", 1000)
    const second = rows(scrape(cache, "a 2\n", 2000))
    expect(second.filter((r) => r.v === "stale").map((r) => r.series.__name__)).toEqual(["b"]) // c had its own timestamp
    expect(second.find((r) => r.series.__name__ === "scrape_series_added")?.v).toBe(0)
    const failed = rows(scrape(cache, undefined, 3000))
    expect(failed.filter((r) => r.v === "stale").map((r) => [r.series.__name__, r.t])).toEqual([["a", 3000]])
    expect(failed.find((r) => r.series.__name__ === "up")?.v).toBe(0)
    const back = rows(scrape(cache, "a 3\n", 4000))
    expect(back.filter((r) => r.v === "stale")).toEqual([])
  })
  it("fails the whole scrape on a parse error and commits nothing from the body", () => {
    const cache = new ScrapeCache()
    scrape(cache, "a 1\n", 1000)
    const r = scrape(cache, "a 2\nbad{ 1\n", 2000)
    expect(r.up).toBe(false)
    expect(r.error).toBe('line 2: expected a label name or "}", got "1"')
    expect(rows(r).map((x) => [x.series.__name__, x.v])).toEqual([
      ["a", "stale"],
      ["up", 0],
      ["scrape_duration_seconds", 0.01],
      ["scrape_samples_scraped", 1], // what was parsed before the error, as 2.42 reports it
      ["scrape_samples_post_metric_relabeling", 1], // likewise (scrape-differential test)
      ["scrape_series_added", 0]
    ])
  })
  it("counts a series as added again when it returns after a successful scrape without it (2.42)", () => {
    const cache = new ScrapeCache()
    const added = (body: string | undefined, t: number) =>
      rows(scrape(cache, body, t)).find((r) => r.series.__name__ === "scrape_series_added")?.v
    expect(added("a 1\nb 1\n", 1000)).toBe(2)
    expect(added("a 1\n", 2000)).toBe(0)
    expect(added("a 1\nb 1\n", 3000)).toBe(1) // b left the cache at 2000
    expect(added(undefined, 4000)).toBe(0)
    expect(added("a 1\nb 1\n", 5000)).toBe(0) // a failed scrape forgets nothing
    expect(cache.series.size).toBe(2)
    added("c 1\n", 6000)
    expect([...cache.series.keys()]).toEqual(["c"]) // parsed-series entries are bounded by churn
  })
  it("gives the same samples whether the series come in last scrape's order or not", () => {
    const cache = new ScrapeCache()
    const values = (r: ScrapeResult) =>
      rows(r)
        .filter((x) => !x.series.__name__.startsWith("scrape_") && x.series.__name__ !== "up")
        .map((x) => `${x.series.__name__}${x.series.k ?? ""}=${x.v}`)
    expect(values(scrape(cache, 'a 1\nb{k="é"} 1\nc 1\n', 1000))).toEqual(["a=1", "bé=1", "c=1"])
    // Reordered, one new series in the middle, one spelled with a non-ASCII value that differs.
    const second = scrape(cache, 'b{k="é"} 2\na 2\nd 1\nb{k="è"} 5\nc 2\n', 2000)
    expect(values(second)).toEqual(["bé=2", "a=2", "d=1", "bè=5", "c=2"])
    expect(rows(second).find((x) => x.series.__name__ === "scrape_series_added")?.v).toBe(2)
    // Same order again: every guess hits.
    const third = scrape(cache, 'b{k="é"} 3\na 3\nd 2\nb{k="è"} 6\nc 3\n', 3000)
    expect(values(third)).toEqual(["bé=3", "a=3", "d=2", "bè=6", "c=3"])
    expect(rows(third).find((x) => x.series.__name__ === "scrape_series_added")?.v).toBe(0)
  })
  it("keeps the metadata map while the TYPE/HELP lines repeat, and follows every change", () => {
    const cache = new ScrapeCache()
    const meta = () => Object.fromEntries([...cache.metadata].map(([k, v]) => [k, { ...v }]))
    const body = "# HELP a First.\n# TYPE a counter\na 1\n# TYPE b untyped\nb 1\n"
    scrape(cache, body, 1000)
    const first = cache.metadata
    expect(meta()).toEqual({
      a: { type: "counter", help: "First.", unit: "" },
      b: { type: "unknown", help: "", unit: "" }
    })
    scrape(cache, body, 2000)
    expect(cache.metadata).toBe(first)
    scrape(cache, body.replace("First.", "Changed."), 3000)
    expect(cache.metadata).not.toBe(first)
    expect(meta().a).toEqual({ type: "counter", help: "Changed.", unit: "" })
    scrape(cache, "# HELP a Changed.\n# TYPE a counter\na 1\n", 4000) // fewer lines
    expect(meta()).toEqual({ a: { type: "counter", help: "Changed.", unit: "" } })
    scrape(cache, "# HELP a Changed.\n# TYPE a counter\na 1\n# TYPE c gauge\nc 1\n", 5000) // more
    expect(Object.keys(meta())).toEqual(["a", "c"])
    const before = cache.metadata
    scrape(cache, "# TYPE z gauge\nbad{ 1\n", 6000) // a failed scrape keeps the last metadata
    expect(cache.metadata).toBe(before)
  })
  it("keeps the first of a duplicated series", () => {
    const r = rows(scrape(new ScrapeCache(), "m 1\nm 2\n", 1000))
    expect(r.filter((x) => x.series.__name__ === "m").map((x) => x.v)).toEqual([1])
  })
  it("treats two spellings of one series as one (first wins, counted once, one staleness marker)", () => {
    const cache = new ScrapeCache()
    const first = rows(scrape(cache, 'm{a="1",b="2"} 1\nm{b="2",a="1"} 2\n', 1000))
    expect(first.filter((x) => x.series.__name__ === "m").map((x) => x.v)).toEqual([1])
    expect(first.find((x) => x.series.__name__ === "scrape_series_added")?.v).toBe(1)
    const second = rows(scrape(cache, 'm{b="2",a="1"} 3\nm{a="1",b="2"} 4\n', 2000))
    expect(second.filter((x) => x.series.__name__ === "m").map((x) => x.v)).toEqual([3])
    expect(second.find((x) => x.series.__name__ === "scrape_series_added")?.v).toBe(0)
    const gone = rows(scrape(cache, "x 1\n", 3000))
    expect(gone.filter((x) => x.v === "stale").map((x) => x.series.__name__)).toEqual(["m"])
  })
  it("counts a series seen by a failed scrape as known, and keeps that memory across a reload", () => {
    const cache = new ScrapeCache()
    const added = (c: ScrapeCache, body: string, t: number, s = settings()) =>
      rows(scrape(c, body, t, s)).find((r) => r.series.__name__ === "scrape_series_added")?.v
    expect(added(cache, "a 1\n", 1000)).toBe(1)
    // b is seen, then the payload breaks: b is known from now on, as in 2.42.
    expect(added(cache, "a 1\nb 1\nbad{ 1\n", 2000)).toBe(0)
    expect(added(cache, "a 1\nb 1\n", 3000)).toBe(0)
    // A reload that resolves series differently keeps staleness and series-added memory.
    const reloaded = ScrapeCache.inherit(cache, "other resolution")
    expect(reloaded.series.size).toBe(0)
    const r = rows(scrape(reloaded, "a 2\nc 1\n", 4000, settings({ labelLimit: 10 })))
    expect(r.find((x) => x.series.__name__ === "scrape_series_added")?.v).toBe(1)
    expect(r.filter((x) => x.v === "stale").map((x) => x.series.__name__)).toEqual(["b"])
  })
  it("applies metric_relabel_configs and counts what is left", () => {
    const cfg = parsePrometheusConfig(
      "scrape_configs:\n  - job_name: x\n    metric_relabel_configs:\n      - {action: drop, source_labels: [__name__], regex: 'go_.*'}\n      - {source_labels: [__name__], target_label: kept, replacement: yes}\n"
    )
    const r = rows(
      scrape(
        new ScrapeCache(),
        "go_x 1\nm 2\n",
        1000,
        settings({ metricRelabelConfigs: cfg.scrapeConfigs[0].metricRelabelConfigs })
      )
    )
    expect(r[0]).toEqual({
      series: { __name__: "m", instance: "127.0.0.1:28080", job: "lab", kept: "yes" },
      t: 1000,
      v: 2
    })
    expect(r.find((x) => x.series.__name__ === "scrape_samples_post_metric_relabeling")?.v).toBe(1)
    expect(r.find((x) => x.series.__name__ === "scrape_samples_scraped")?.v).toBe(2)
  })
  it.each([
    // 2.42 counts the whole payload past sample_limit; other failures count up to the failing
    // series (observed in test/integration/scrape-differential.integration.test.ts).
    [{ sampleLimit: 2 }, "a 1\nb 2\nc 3\nd 4\n", 4, 4],
    [{ labelLimit: 3 }, 'a 1\nb 2\nc{x="1"} 3\nd 4\n', 3, 2],
    [{}, "a 1\nb 2\nbad{ 1\n", 2, 2]
  ])(
    "a failed scrape with %j reports what was scraped and relabeled before it stopped",
    (over, body, scraped, post) => {
      const r = rows(scrape(new ScrapeCache(), body, 1000, settings(over)))
      expect(r.find((x) => x.series.__name__ === "up")?.v).toBe(0)
      expect(r.filter((x) => x.series.__name__.length === 1)).toEqual([])
      expect(r.find((x) => x.series.__name__ === "scrape_samples_scraped")?.v).toBe(scraped)
      expect(r.find((x) => x.series.__name__ === "scrape_samples_post_metric_relabeling")?.v).toBe(post)
    }
  )
  it.each([
    [{ sampleLimit: 1 }, "a 1\nb 2\n", "sample_limit exceeded (limit: 1)"],
    [
      { labelLimit: 3 },
      'a{x="1",y="2"} 1\n',
      "label_limit exceeded (metric: a, number of labels: 5, limit: 3)"
    ],
    [
      { labelNameLengthLimit: 3 },
      'a{long="1"} 1\n',
      "label_name_length_limit exceeded (metric: a, label name: __name__, length: 8, limit: 3)"
    ],
    [
      { labelValueLengthLimit: 3 },
      'a{x="toolong"} 1\n',
      "label_value_length_limit exceeded (metric: a, label value: 127.0.0.1:28080, length: 15, limit: 3)"
    ],
    [{}, 'a{x="1",x="2"} 1\n', 'label name "x" is not unique: invalid sample']
  ])("fails the scrape when %j is exceeded", (over, body, message) => {
    const r = scrape(new ScrapeCache(), body, 1000, settings(over))
    expect(r.up).toBe(false)
    expect(r.error).toBe(message)
  })
})
