import { describe, expect, it } from "vitest"
import { Head } from "../head/head.ts"
import { labelsFromObject } from "../labels/labels.ts"
import { equalMatcher } from "../labels/matcher.ts"
import { applyLogEntry } from "../tsdb/apply-log-entry.ts"
import { encodeExemplarRequest } from "./exemplar-log.ts"
import { ExemplarStore } from "./exemplar-store.ts"

describe("exemplar WAL entries", () => {
  it("an entry of exemplars alone replays into the store, samples untouched", () => {
    const series = labelsFromObject({ __name__: "m", job: "ünï" })
    const items = [
      { series, labels: labelsFromObject({ trace_id: "a" }), value: 1.5, ts: 1_700_000_000_123 },
      {
        series,
        labels: labelsFromObject({ span_id: "s", trace_id: "b" }),
        value: -0.25,
        ts: 1_700_000_000_124
      },
      { series: labelsFromObject({ __name__: "n" }), labels: [], value: 3, ts: -5 }
    ]
    const head = new Head({ chunkRangeMs: 7_200_000, outOfOrderTimeWindowMs: 0 })
    const store = new ExemplarStore(10)
    const r = applyLogEntry(
      head,
      encodeExemplarRequest(items),
      Number.NEGATIVE_INFINITY,
      true,
      (s, l, value, ts) => store.append(s, { labels: l, value, ts })
    )
    expect(typeof r === "string" ? r : r.samples).toBe(0)
    expect(head.numSeries).toBe(0)
    expect(store.select(-Infinity, Infinity, [[equalMatcher("job", "ünï")]])).toEqual([
      {
        seriesLabels: series,
        exemplars: items.slice(0, 2).map(({ labels, value, ts }) => ({ labels, value, ts }))
      }
    ])
    expect(store.stats().inStorage).toBe(3)
  })
})
