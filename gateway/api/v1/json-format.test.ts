import { expect, it } from "vitest"
import { formatTime, labelsJson, pointJson } from "./json-format.ts"

it.each([
  [1795512260000, "1795512260"],
  [1795512260500, "1795512260.500"],
  [1795512248890, "1795512248.890"],
  [-1500, "-1.500"],
  [5, "0.005"],
  [0, "0"]
])("formatTime(%d) = %s", (ms, want) => expect(formatTime(ms)).toBe(want))

it("writes points and label objects as Prometheus does", () => {
  expect(pointJson(1795512260500, 1.5e-7)).toBe('[1795512260.500,"1.5e-07"]')
  expect(labelsJson(["__name__", "up", "job", 'a"b'])).toBe('{"__name__":"up","job":"a\\"b"}')
  expect(labelsJson([])).toBe("{}")
})
