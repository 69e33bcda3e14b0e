import { expect, it } from "vitest"
import { parseAll } from "./parse-all.ts"
import { TextParser } from "./text-parser.ts"
import { writeTextFormat } from "./text-writer.ts"

it("writes what the federation endpoint serves and reads back the same", () => {
  const text = writeTextFormat([
    {
      name: "lab_temp",
      type: "untyped",
      samples: [
        {
          labels: ["env", "test", "instance", "127.0.0.1:28080", "job", "lab", "lab", "scratch"],
          value: 21.5,
          timestampMs: 1795512343890
        }
      ]
    },
    {
      name: "ALERTS",
      type: "untyped",
      help: 'a\\b\nc"',
      samples: [{ labels: ["alertname", 'x"y\\z\nw'], value: 1, timestampMs: 1795512341495 }]
    }
  ])
  expect(text).toBe(
    [
      '# HELP ALERTS a\\\\b\\nc"',
      "# TYPE ALERTS untyped",
      'ALERTS{alertname="x\\"y\\\\z\\nw"} 1 1795512341495',
      "# TYPE lab_temp untyped",
      'lab_temp{env="test",instance="127.0.0.1:28080",job="lab",lab="scratch"} 21.5 1795512343890',
      ""
    ].join("\n")
  )
  const back = parseAll(new TextParser(text))
  expect(back.error).toBeUndefined()
  expect(back.entries[2]).toEqual({
    kind: "series",
    name: "ALERTS",
    labels: { alertname: 'x"y\\z\nw' },
    value: 1,
    timestampMs: 1795512341495
  })
})

it("prints values as Go does", () => {
  expect(
    writeTextFormat([
      {
        name: "m",
        type: "gauge",
        samples: [
          { labels: [], value: 1234567 },
          { labels: [], value: Number.NaN }
        ]
      }
    ])
  ).toBe("# TYPE m gauge\nm 1.234567e+06\nm NaN\n")
})
