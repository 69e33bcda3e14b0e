import { describe, expect, it } from "vitest"
import { StringInterner } from "./string-interner.ts"

const enc = new TextEncoder()

/** Lays strings end to end in one buffer, as they sit in a protobuf body, and returns their ranges. */
const layout = (strings: string[]) => {
  const parts = strings.map((s) => enc.encode(s))
  const buf = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0))
  const ranges: Array<[number, number]> = []
  let at = 0
  for (const p of parts) {
    buf.set(p, at)
    ranges.push([at, at + p.length])
    at += p.length + 1 // a gap byte so ranges do not touch
  }
  return { buf, ranges }
}

describe("StringInterner", () => {
  it("maps equal bytes to one ref per table, and refs back to the right strings", () => {
    const strings = [
      "__name__",
      "up",
      "job",
      "up",
      "",
      "__name__",
      "",
      "a".repeat(64),
      "a".repeat(65),
      "東京",
      "東京"
    ]
    const { buf, ranges } = layout(strings)
    const interner = new StringInterner()
    const table: string[] = []
    interner.begin(table)
    const refs = ranges.map(([s, e]) => interner.ref(buf, s, e))
    expect(refs.map((r) => table[r])).toEqual(strings)
    expect(refs[1]).toBe(refs[3])
    expect(refs[0]).toBe(refs[5])
    expect(refs[4]).toBe(refs[6])
    // Long and non-ASCII strings bypass the cache: correct, but not deduplicated.
    expect(refs[9]).not.toBe(refs[10])
  })

  it("stays correct with far more distinct strings than slots (evictions), across tables", () => {
    const strings = Array.from({ length: 20_000 }, (_, i) => `10.0.${i >> 8}.${i & 255}:9100`)
    const { buf, ranges } = layout([...strings, ...strings])
    const interner = new StringInterner()
    for (let round = 0; round < 3; round++) {
      const table: string[] = []
      interner.begin(table)
      const got = ranges.map(([s, e]) => table[interner.ref(buf, s, e)])
      expect(got.slice(0, 20_000)).toEqual(strings)
      expect(got.slice(20_000)).toEqual(strings)
    }
  })

  it("does not hand out refs from an earlier table", () => {
    const { buf, ranges } = layout(["x", "y"])
    const interner = new StringInterner()
    const first: string[] = []
    interner.begin(first)
    expect(interner.ref(buf, ...ranges[0])).toBe(0)
    expect(interner.ref(buf, ...ranges[1])).toBe(1)
    const second: string[] = []
    interner.begin(second)
    expect(interner.ref(buf, ...ranges[1])).toBe(0)
    expect(second).toEqual(["y"])
  })

  it("returns the same string object for repeated bytes (decode)", () => {
    const { buf, ranges } = layout(["instance", "instance", "ab\u00ff"])
    const interner = new StringInterner()
    expect(interner.decode(buf, ...ranges[0])).toBe("instance")
    expect(interner.decode(buf, ...ranges[1])).toBe("instance")
    expect(interner.decode(buf, ...ranges[2])).toBe("ab\u00ff")
  })

  it("replaces invalid UTF-8 with U+FFFD instead of failing", () => {
    const interner = new StringInterner()
    expect(interner.decode(Uint8Array.of(0x61, 0xff, 0x62), 0, 3)).toBe("a\ufffdb")
  })
})
