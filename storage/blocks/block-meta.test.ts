import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { CorruptionError } from "../index/corruption-error.ts"
import { formatBlockMeta, parseBlockMeta } from "./block-meta.ts"
import { decodeTombstones, encodeTombstones } from "./tombstones.ts"

const fixture = join(
  import.meta.dirname,
  "../../../shared/fixtures/prom-blocks/data/01M86DMW5XJ5D6DENGZM7ATF6F"
)

describe("meta.json", () => {
  it("prints promtool's file byte for byte after parsing it", () => {
    const text = readFileSync(join(fixture, "meta.json"), "utf8")
    expect(formatBlockMeta(parseBlockMeta(text, "meta.json"))).toBe(text)
  })

  it("keeps a thanos section and compaction parents, leaves zero counters out", () => {
    const meta = parseBlockMeta(
      JSON.stringify({
        ulid: "01M86DMW5XJ5D6DENGZM7ATF6F",
        minTime: 0,
        maxTime: 10,
        stats: { numSamples: 5, numTombstones: 0 },
        compaction: {
          level: 2,
          sources: ["01M86DMW5XJ5D6DENGZM7ATF6F"],
          parents: [{ ulid: "01M86DMW5XJ5D6DENGZM7ATF6F", minTime: 0, maxTime: 10 }]
        },
        version: 1,
        thanos: { labels: { tenant: "a" }, downsample: { resolution: 0 }, source: "sidecar" }
      }),
      "m"
    )
    const back = JSON.parse(formatBlockMeta(meta))
    expect(back.stats).toEqual({ numSamples: 5 })
    expect(back.compaction.parents).toHaveLength(1)
    expect(back.thanos).toEqual({ labels: { tenant: "a" }, downsample: { resolution: 0 }, source: "sidecar" })
    expect(Object.keys(back)).toEqual([
      "ulid",
      "minTime",
      "maxTime",
      "stats",
      "compaction",
      "version",
      "thanos"
    ])
  })

  const good = {
    ulid: "01M86DMW5XJ5D6DENGZM7ATF6F",
    minTime: 0,
    maxTime: 10,
    stats: {},
    compaction: { level: 1, sources: [] },
    version: 1
  }
  it.each<[string, string]>([
    ["{", "corrupt file m at offset 0: not JSON"],
    ["[]", 'field "(top level)" must be an object, got []'],
    [JSON.stringify({ ...good, version: 3 }), 'field "version" must be 1, got 3'],
    [
      JSON.stringify({ ...good, ulid: "01m86dmw5xj5d6dengzm7atf6f" }),
      'field "ulid" must be a ULID, got "01m86dmw5xj5d6dengzm7atf6f"'
    ],
    [JSON.stringify({ ...good, maxTime: 1.5 }), 'field "maxTime" must be an integer, got 1.5'],
    [JSON.stringify({ ...good, minTime: 20 }), 'field "maxTime" must be at least minTime (20), got 10'],
    [
      JSON.stringify({ ...good, stats: { numSeries: "9" } }),
      'field "stats.numSeries" must be an integer, got "9"'
    ],
    [
      JSON.stringify({ ...good, compaction: undefined }),
      'field "compaction" must be an object, got undefined'
    ],
    [
      JSON.stringify({ ...good, compaction: { level: 1, sources: [1] } }),
      'field "compaction.sources" must be a list of ULIDs, got [1]'
    ]
  ])("rejects %s", (text, message) => {
    expect(() => parseBlockMeta(text, "m")).toThrow(CorruptionError)
    expect(() => parseBlockMeta(text, "m")).toThrow(message)
  })
})

describe("tombstones", () => {
  it("the empty file is promtool's 9 bytes", () => {
    expect(Buffer.from(encodeTombstones([])).equals(readFileSync(join(fixture, "tombstones")))).toBe(true)
  })

  it.each([
    [[]],
    [[{ seriesId: 18, minTime: -5, maxTime: 7 }]],
    [
      [
        { seriesId: 2 ** 31, minTime: 1672534800000, maxTime: 1672538394771 },
        { seriesId: 18, minTime: 0, maxTime: 0 }
      ]
    ]
  ])("round-trips %j", (ts) => {
    expect(decodeTombstones(encodeTombstones(ts), "t")).toEqual(ts)
  })

  it("rejects a reversed interval at its offset", () => {
    const b = encodeTombstones([{ seriesId: 1, minTime: 9, maxTime: 3 }])
    expect(() => decodeTombstones(b, "t")).toThrow(
      "corrupt file t at offset 5: tombstone interval [9, 3] is reversed"
    )
  })
})
