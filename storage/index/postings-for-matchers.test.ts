import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { compareLabels, getLabel, type Labels, labelsFromObject } from "../labels/labels.ts"
import { Matcher, type MatchType, matchesAll } from "../labels/matcher.ts"
import { FileByteSource, MemoryByteSource } from "./byte-source.ts"
import { IndexReader } from "./index-reader.ts"
import { writeIndex } from "./index-writer.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const m = (type: MatchType, name: string, value: string): Matcher => {
  const r = Matcher.make(type, name, value)
  if (!(r instanceof Matcher)) throw r
  return r
}
type Row = [type: MatchType, name: string, value: string]

/** Prints the selected series as `name{sorted labels}` lines for compact expectations. */
const show = (l: Labels) =>
  `${getLabel(l, "__name__")}${l.length > 2 ? `{${l.filter((_, i) => i >= 2).join(",")}}` : ""}`

describe("selection on the promtool fixture (block 2)", async () => {
  const index = await IndexReader.open(
    new FileByteSource(join(fixtures, "data/01M86DMW78AN7YAF2QQZHC97JD/index"))
  )
  const select = async (rows: Row[]) => {
    const out: string[] = []
    for (const id of await index.select(rows.map(([t, n, v]) => m(t, n, v))))
      out.push(show((await index.series(id)).labels))
    return out
  }
  it.each<{ rows: Row[]; want: string[] }>([
    {
      rows: [
        ["=", "__name__", "http_requests_total"],
        ["=", "code", "200"]
      ],
      want: ["http_requests_total{code,200,method,GET}", "http_requests_total{code,200,method,POST}"]
    },
    {
      rows: [
        ["=", "__name__", "http_requests_total"],
        ["!=", "method", "GET"]
      ],
      want: ["http_requests_total{code,200,method,POST}", "http_requests_total{code,500,method,POST}"]
    },
    // room="" selects every series without a room label.
    {
      rows: [
        ["=~", "__name__", "room.*|precision_gauge"],
        ["=", "room", ""]
      ],
      want: ["precision_gauge{case,extremes}", "precision_gauge{case,ulp}"]
    },
    {
      rows: [["=~", "room", ".+"]],
      want: ["room_temperature_celsius{room,garage}", "room_temperature_celsius{room,kitchen}"]
    },
    {
      rows: [["!=", "room", ""]],
      want: ["room_temperature_celsius{room,garage}", "room_temperature_celsius{room,kitchen}"]
    },
    { rows: [["=", "__name__", "nope"]], want: [] },
    { rows: [["=", "nolabel", "x"]], want: [] },
    // A matcher on an absent label that accepts "" keeps everything it is given.
    {
      rows: [
        ["=", "__name__", "irregular_events"],
        ["!~", "nolabel", "x"]
      ],
      want: ["irregular_events{source,sensor-1}"]
    },
    { rows: [["=~", "zone", "ü.*"]], want: ['label_edgecases{path,/café/"q"\\x,zone,ünïcödé}'] }
  ])("$rows", async ({ rows, want }) => {
    expect(await select(rows)).toEqual(want)
  })
})

describe("selection agrees with matching every series' labels one by one", async () => {
  const all: Labels[] = []
  for (let i = 0; i < 300; i++)
    all.push(
      labelsFromObject({
        __name__: `metric_${i % 7}`,
        instance: `host-${i % 13}`,
        ...(i % 3 === 0 ? { zone: `z${i % 4}` } : {}),
        ...(i % 5 === 0 ? { env: i % 2 === 0 ? "prod" : "dev" } : {})
      })
    )
  const unique = [...new Map(all.map((l) => [l.join("\xff"), l])).values()].sort(compareLabels)
  const bytes = writeIndex(
    unique.map((labels, i) => ({ labels, chunks: [{ minTime: i, maxTime: i, ref: 8 + i * 20 }] }))
  )
  const index = await IndexReader.open(new MemoryByteSource("index", bytes))
  const cases: Row[][] = [
    [["=", "zone", ""]],
    [["!=", "zone", "z1"]],
    [
      ["=~", "zone", "z1|z2"],
      ["!~", "env", "prod"]
    ],
    [
      ["=~", "instance", "host-1.*"],
      ["=", "__name__", "metric_3"]
    ],
    [["!~", "env", ".*"]],
    [
      ["=~", "env", ".*"],
      ["=~", "instance", "host-(2|4)"]
    ],
    [
      ["!=", "__name__", "metric_0"],
      ["=", "env", "dev"],
      ["=~", "zone", ""]
    ],
    [["=~", "env", "prod|"]]
  ]
  it.each(cases)("%j", async (...rows: Row[]) => {
    const ms = rows.map(([t, n, v]) => m(t, n, v))
    const got: Labels[] = []
    for (const id of await index.select(ms)) got.push((await index.series(id)).labels)
    expect(got).toEqual(unique.filter((l) => matchesAll(ms, l)))
  })
})
