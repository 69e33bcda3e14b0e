import { expect, it } from "vitest"
import { nextScrapeMs, scrapeOffsetMs, scrapeUrl } from "./target-status.ts"

it("builds the scrape URL from the final labels", () => {
  expect(
    scrapeUrl({ __address__: "a:1", __scheme__: "https", __metrics_path__: "/probe", __param_target: "x y" })
  ).toBe("https://a:1/probe?target=x+y")
  expect(scrapeUrl({ __address__: "a:1" })).toBe("http://a:1/metrics")
})

it.each([
  // Every configured value is sent; the label (after relabeling) replaces only the first (2.42).
  [{ __param_collect: "a" }, { collect: ["a", "b"], x: ["1"] }, "?collect=a&collect=b&x=1"],
  [{ __param_collect: "z", __param_b: "2" }, { collect: ["a", "b"] }, "?b=2&collect=z&collect=b"],
  [{}, { module: ["if_mib"] }, "?module=if_mib"],
  [{ __param_q: "a b!*'()~" }, {}, "?q=a+b%21%2A%27%28%29~"]
])("query from labels %j and params %j: %s", (labels, params, query) => {
  expect(scrapeUrl({ __address__: "a:1", ...labels }, params)).toBe(`http://a:1/metrics${query}`)
})

it("spreads targets over the interval and keeps each on its own grid", () => {
  const offsets = new Set(
    Array.from({ length: 50 }, (_, i) => scrapeOffsetMs({ job: "x", instance: `h${i}` }, "u", 15_000))
  )
  expect(offsets.size).toBeGreaterThan(40)
  const off = scrapeOffsetMs({ job: "x" }, "u", 15_000)
  const t1 = nextScrapeMs(1_000_000, off, 15_000)
  expect(t1).toBeGreaterThan(1_000_000)
  expect(t1 - 1_000_000).toBeLessThanOrEqual(15_000)
  expect((t1 - off) % 15_000).toBe(0)
  expect(nextScrapeMs(t1, off, 15_000)).toBe(t1 + 15_000)
})
