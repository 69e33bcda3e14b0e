/**
 * Go's regexp Expand as Prometheus uses it in relabeling and label_replace: `$1`, `${1}`, `$name`,
 * `${name}`, `$$` for a literal dollar. A bare `$name` takes the longest run of word characters,
 * so `$1x` refers to a group named "1x" (absent → empty), as in Go.
 */
import type { Matcher } from "re2js"

const isWord = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95

export const expandTemplate = (
  template: string,
  match: Matcher,
  namedGroups: Readonly<Record<string, number>>
): string => {
  if (!template.includes("$")) return template
  let out = ""
  let i = 0
  const n = template.length
  while (i < n) {
    const d = template.indexOf("$", i)
    if (d === -1 || d === n - 1) {
      out += template.slice(i)
      break
    }
    out += template.slice(i, d)
    let name: string | undefined
    let next: number
    if (template[d + 1] === "$") {
      out += "$"
      i = d + 2
      continue
    }
    if (template[d + 1] === "{") {
      const close = template.indexOf("}", d + 2)
      const inner = close === -1 ? "" : template.slice(d + 2, close)
      if (close === -1 || inner === "" || ![...inner].every((ch) => isWord(ch.charCodeAt(0)))) {
        out += "$" // not a valid reference: Go keeps the dollar and goes on
        i = d + 1
        continue
      }
      name = inner
      next = close + 1
    } else {
      let e = d + 1
      while (e < n && isWord(template.charCodeAt(e))) e++
      if (e === d + 1) {
        out += "$"
        i = d + 1
        continue
      }
      name = template.slice(d + 1, e)
      next = e
    }
    const index = /^\d+$/.test(name) ? Number(name) : namedGroups[name]
    if (index !== undefined && index <= match.groupCount()) out += match.group(index) ?? ""
    i = next
  }
  return out
}
