import { RE2JS } from "re2js"
import { expect, it } from "vitest"
import { expandTemplate } from "./regex-expand.ts"

const re = RE2JS.compile("^(?:(?P<host>[a-z]+):(\\d+))$")
const m = re.matcher("abc:80")
m.matches()
const groups = { ...(re.namedGroups() as Record<string, number>) }

it.each([
  ["$1", "abc"],
  ["${1}", "abc"],
  ["$2", "80"],
  ["${host}-$2", "abc-80"],
  ["$host", "abc"],
  ["$1x", ""],
  ["${1}x", "abcx"],
  ["$$1", "$1"],
  ["a$", "a$"],
  ["$9", ""],
  ["${", "${"],
  ["$-", "$-"],
  ["plain", "plain"],
  ["$0", "abc:80"]
])("%j → %j", (template, want) => expect(expandTemplate(template, m, groups)).toBe(want))
