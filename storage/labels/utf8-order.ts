/**
 * String order as Prometheus (Go) sees it: byte-wise comparison of the UTF-8 encodings. It does
 * not encode anything; it derives the UTF-8 order from UTF-16 code units without allocating.
 */

/**
 * Compares two strings by their UTF-8 bytes; negative, zero or positive like a sort comparator.
 *
 * Why not `a < b`: JS compares UTF-16 code units. UTF-8 and UTF-16 agree on the order of code
 * points everywhere except that a supplementary character (U+10000 and above, stored as a
 * surrogate pair 0xD800–0xDFFF) must sort after U+E000–U+FFFF, while its first code unit sorts
 * before them. So at the first differing unit, a surrogate beats any non-surrogate; otherwise the
 * unit order is the code point order, hence the UTF-8 order. A lone surrogate (not valid UTF-8,
 * so never in a label that came through our parsers) is ordered as if it were part of a pair.
 */
export const compareUtf8 = (a: string, b: string): number => {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    if (xs !== ys) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
}

/** Number of bytes of the UTF-8 encoding of `s` (lone surrogates count as U+FFFD, 3 bytes). */
export const utf8Length = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4
        i++
      } else n += 3
    } else n += 3
  }
  return n
}
