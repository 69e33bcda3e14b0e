/**
 * Recognises the regex shapes that label matchers use most and that need no regex engine:
 * a literal, an alternation of literals, `.*`, `.+`, `lit.*`, `.*lit`, `.*lit.*`, each optionally
 * behind a leading `(?i)`. Anything else (or anything doubtful) is left to RE2. It does not decide
 * validity: an unrecognised text may still be a valid or invalid regex.
 *
 * Semantics follow Prometheus 3, which compiles `^(?s:re)$`: fully anchored, and `.` matches
 * every character including `\n`, so `.*` matches every string.
 */

export type FastPath =
  | { readonly kind: "all" }
  | { readonly kind: "nonEmpty" }
  /** One of `values` exactly (a literal is a set of one). */
  | { readonly kind: "set"; readonly values: ReadonlyArray<string>; readonly fold: boolean }
  | { readonly kind: "prefix"; readonly lit: string; readonly fold: boolean }
  | { readonly kind: "suffix"; readonly lit: string; readonly fold: boolean }
  | { readonly kind: "contains"; readonly lit: string; readonly fold: boolean }

const meta = new Set([..."\\.+*?()|[]{}^$"])

/**
 * Unescapes a run that must be a plain literal: no metacharacters except `\` before ASCII
 * punctuation (`\.` is a dot). Undefined if the run is anything more than a literal.
 */
const literal = (s: string): string | undefined => {
  let out = ""
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === "\\") {
      const d = s[i + 1]
      // Only escaped punctuation is a plain character; `\d`, `\pL`, `\Q`, `\x41`… are not.
      if (d === undefined || !/[!-/:-@[-`{-~]/.test(d)) return undefined
      out += d
      i++
      continue
    }
    if (meta.has(c)) return undefined
    out += c
  }
  return out
}

const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false
  return true
}

/**
 * Case-folds a string for comparison with an ASCII pattern under `(?i)`: ASCII is lower-cased;
 * U+212A KELVIN SIGN and U+017F LATIN SMALL LETTER LONG S become `k` and `s` (RE2's simple case
 * folding puts them in the orbits of k and s); every other non-ASCII code unit becomes U+FFFF,
 * which no ASCII pattern contains. Each unit maps to one unit, so positions and lengths agree.
 */
export const foldForAscii = (s: string): string => {
  let ascii = true
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) ascii = false
  if (ascii) return s.toLowerCase()
  let out = ""
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) out += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 32 : c)
    else if (c === 0x212a) out += "k"
    else if (c === 0x17f) out += "s"
    else out += "\uffff"
  }
  return out
}

/** The fast path for an (unanchored, as written by the user) regex, if it has one. */
export const fastPathOf = (re: string): FastPath | undefined => {
  let body = re
  let fold = false
  if (body.startsWith("(?i)")) {
    fold = true
    body = body.slice(4)
  }
  if (!fold) {
    if (body === ".*") return { kind: "all" }
    if (body === ".+") return { kind: "nonEmpty" }
  }
  const finish = (lit: string) => (fold ? lit.toLowerCase() : lit)
  // Under (?i) only ASCII literals: case folding of other scripts is left to RE2.
  const usable = (lit: string | undefined): lit is string => lit !== undefined && (!fold || isAscii(lit))

  if (body.length > 4 && body.startsWith(".*") && body.endsWith(".*")) {
    const lit = literal(body.slice(2, -2))
    if (usable(lit) && lit !== "") return { kind: "contains", lit: finish(lit), fold }
  }
  if (body.length > 2 && body.endsWith(".*") && !body.endsWith("\\.*")) {
    const lit = literal(body.slice(0, -2))
    if (usable(lit) && lit !== "") return { kind: "prefix", lit: finish(lit), fold }
  }
  if (body.length > 2 && body.startsWith(".*")) {
    const lit = literal(body.slice(2))
    if (usable(lit) && lit !== "") return { kind: "suffix", lit: finish(lit), fold }
  }
  const alternatives = body.split("|")
  const values: string[] = []
  for (const a of alternatives) {
    const lit = literal(a)
    if (!usable(lit)) return undefined
    values.push(finish(lit))
  }
  return { kind: "set", values, fold }
}
