/**
 * Turns UTF-8 byte ranges into strings, returning the same string object for bytes seen before.
 * Remote write 1.0 senders repeat every label of a series once per sample (Prometheus sends one
 * TimeSeries per sample), so most label bytes in a request are repeats; hashing and comparing
 * short ASCII ranges is cheaper than decoding them again, and downstream keys share one string.
 * It is a bounded cache (fixed slots, overwrite on collision), not a symbol table.
 */

const utf8 = new TextDecoder("utf-8", { fatal: false })

/** Strings longer than this (bytes) skip the cache: rare, and hashing them costs more than it saves. */
const internBytesMax = 64
const slots = 4096

export class StringInterner {
  private readonly strings: Array<string | undefined> = new Array(slots).fill(undefined)
  private readonly hashes = new Int32Array(slots)

  decode(b: Uint8Array, start: number, end: number): string {
    const n = end - start
    if (n === 0) return ""
    if (n > internBytesMax) return utf8.decode(b.subarray(start, end))
    let h = 0x811c9dc5 | 0
    let high = 0
    for (let i = start; i < end; i++) {
      const c = b[i]
      high |= c
      h = Math.imul(h ^ c, 0x01000193)
    }
    // Non-ASCII goes through the real UTF-8 decoder (and replaces invalid sequences with U+FFFD).
    if (high & 0x80) return utf8.decode(b.subarray(start, end))
    const slot = (h ^ (h >>> 15)) & (slots - 1)
    const cached = this.strings[slot]
    if (cached !== undefined && this.hashes[slot] === h && cached.length === n) {
      let same = true
      for (let i = 0; i < n; i++) {
        if (cached.charCodeAt(i) !== b[start + i]) {
          same = false
          break
        }
      }
      if (same) return cached
    }
    let s = ""
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i])
    this.strings[slot] = s
    this.hashes[slot] = h
    return s
  }
}
