import { describe, expect, it } from "vitest"
import {
  compareLabels,
  getLabel,
  hasLabel,
  keepLabels,
  type Labels,
  labelsEqual,
  labelsFromObject,
  labelsFromPairs,
  validateLabels,
  withLabel,
  withoutLabels
} from "./labels.ts"
import { LabelsBuilder } from "./labels-builder.ts"
import { formatLabels, formatLabelsPlain } from "./labels-format.ts"
import { fnv1a64Hex, hashLabels, hashLabelsHex } from "./labels-hash.ts"
import { StringInterner } from "./string-interner.ts"
import { compareUtf8, utf8Length } from "./utf8-order.ts"

const sign = (n: number) => Math.sign(n)
const byteOrder = (a: string, b: string) => sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))

describe("compareUtf8", () => {
  it.each([
    ["a", "b", -1],
    ["b", "a", 1],
    ["a", "a", 0],
    ["", "a", -1],
    ["ab", "a", 1],
    ["Z", "_", -1], // upper case sorts before "_" and "__name__"
    ["é", "z", 1],
    // U+FFFD vs U+1F600: JS says "\uFFFD" > "\uD83D\uDE00", UTF-8 says the emoji is larger.
    ["\uFFFD", "😀", -1],
    ["\uE000", "𐀀", -1],
    ["\uFFFF", "\u{10000}", -1],
    ["a😀", "a\uFFFD", 1],
    ["😀", "😁", -1],
    ["\u{10FFFF}", "\u{10000}", 1],
    ["\u07FF", "\u0800", -1]
  ])("%j vs %j is %i (as UTF-8 bytes)", (a, b, want) => {
    expect(sign(compareUtf8(a, b))).toBe(want)
    expect(byteOrder(a, b)).toBe(want)
  })

  it("agrees with Buffer.compare on random strings mixing ASCII, BMP and astral characters", () => {
    const alphabet = [
      "a",
      "z",
      "é",
      "\u0800",
      "\uD7FF",
      "\uE000",
      "\uFFFD",
      "\uFFFF",
      "😀",
      "\u{10000}",
      "\u{10FFFF}"
    ]
    let seed = 7
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed % n
    }
    const str = () => Array.from({ length: rnd(5) }, () => alphabet[rnd(alphabet.length)]).join("")
    for (let i = 0; i < 5000; i++) {
      const a = str()
      const b = str()
      expect(sign(compareUtf8(a, b)), `${a} vs ${b}`).toBe(byteOrder(a, b))
    }
  })

  it.each(["", "abc", "é", "€", "😀", "a\uD800b"])("utf8Length(%j) is the encoded length", (s) =>
    expect(utf8Length(s)).toBe(Buffer.byteLength(s))
  )
})

describe("Labels", () => {
  const l = labelsFromObject({ job: "api", __name__: "up", Zone: "eu", instance: "" })

  it("sorts by name in byte order and drops empty values", () => {
    expect(l).toEqual(["Zone", "eu", "__name__", "up", "job", "api"])
    expect(validateLabels(l)).toBeUndefined()
  })

  it.each<[string, ReadonlyArray<string>, string | undefined]>([
    ["ok", ["a", "1", "b", "2"], undefined],
    ["odd length", ["a"], "label array has odd length 1"],
    ["unsorted", ["b", "1", "a", "2"], 'label "a" is out of order after "b"'],
    ["duplicate", ["a", "1", "a", "2"], 'duplicate label name "a"'],
    ["empty name", ["", "1"], "empty label name at position 0"],
    ["empty value", ["a", ""], 'label "a" has an empty value'],
    ["astral after BMP", ["\uFFFD", "1", "😀", "2"], undefined],
    ["BMP after astral", ["😀", "1", "\uFFFD", "2"], 'label "\uFFFD" is out of order after "😀"']
  ])("validateLabels: %s", (_n, labels, want) => expect(validateLabels(labels)).toBe(want))

  it("refuses a repeated name from pairs", () => {
    expect(
      labelsFromPairs([
        ["a", "1"],
        ["a", "2"]
      ])
    ).toBe('duplicate label name "a"')
  })

  it("reads, sets, removes and keeps labels", () => {
    expect(getLabel(l, "job")).toBe("api")
    expect(getLabel(l, "nope")).toBe("")
    expect(hasLabel(l, "Zone")).toBe(true)
    expect(withLabel(l, "job", "web")).toEqual(["Zone", "eu", "__name__", "up", "job", "web"])
    expect(withLabel(l, "a", "1")).toEqual(["Zone", "eu", "__name__", "up", "a", "1", "job", "api"])
    expect(withLabel(l, "zz", "1")).toEqual(["Zone", "eu", "__name__", "up", "job", "api", "zz", "1"])
    expect(withLabel(l, "A", "1")).toEqual(["A", "1", "Zone", "eu", "__name__", "up", "job", "api"])
    expect(withLabel(l, "job", "")).toEqual(["Zone", "eu", "__name__", "up"])
    expect(withLabel(l, "nope", "")).toEqual(l)
    expect(withoutLabels(l, ["__name__", "x"])).toEqual(["Zone", "eu", "job", "api"])
    expect(keepLabels(l, ["job", "x"])).toEqual(["job", "api"])
  })

  it.each<[Labels, Labels, number]>([
    [["a", "1"], ["a", "1"], 0],
    [["a", "1"], ["a", "2"], -1],
    [["a", "2"], ["b", "1"], -1],
    [["a", "1"], ["a", "1", "b", "1"], -1],
    [["a", "1", "c", "1"], ["a", "1", "b", "1"], 1],
    [["Z", "1"], ["__name__", "x"], -1],
    [["a", "\uFFFD"], ["a", "😀"], -1],
    [[], ["a", "1"], -1]
  ])("compareLabels(%j, %j) = %i", (a, b, want) => {
    expect(sign(compareLabels(a, b))).toBe(want)
    expect(sign(compareLabels(b, a))).toBe(want === 0 ? 0 : -want)
    expect(labelsEqual(a, b)).toBe(want === 0)
  })
})

describe("LabelsBuilder", () => {
  it.each<[string, (b: LabelsBuilder) => LabelsBuilder, Labels]>([
    ["no changes", (b) => b, ["a", "1", "c", "3"]],
    ["set new", (b) => b.set("b", "2"), ["a", "1", "b", "2", "c", "3"]],
    ["overwrite", (b) => b.set("a", "x"), ["a", "x", "c", "3"]],
    ["delete", (b) => b.del("a"), ["c", "3"]],
    ["set empty deletes", (b) => b.set("c", ""), ["a", "1"]],
    ["set then delete", (b) => b.set("z", "9").del("z"), ["a", "1", "c", "3"]],
    ["delete then set", (b) => b.del("a").set("a", "y"), ["a", "y", "c", "3"]],
    ["keep", (b) => b.set("d", "4").keep("c", "d"), ["c", "3", "d", "4"]],
    [
      "adds in byte order",
      (b) => b.set("😀", "1").set("\uFFFD", "2").set("B", "3"),
      ["B", "3", "a", "1", "c", "3", "\uFFFD", "2", "😀", "1"]
    ]
  ])("%s", (_n, f, want) => {
    const b = f(new LabelsBuilder(["a", "1", "c", "3"]))
    expect(b.build()).toEqual(want)
    expect(validateLabels(b.build())).toBeUndefined()
  })

  it("reads through pending changes and resets", () => {
    const b = new LabelsBuilder(["a", "1"]).set("b", "2").del("a")
    expect([b.get("a"), b.get("b"), b.get("c")]).toEqual(["", "2", ""])
    expect(b.reset(["x", "1"]).build()).toEqual(["x", "1"])
  })
})

describe("hashLabels (FNV-1a 64 over name 0xFF value 0xFF …)", () => {
  it.each([
    ["", "cbf29ce484222325"],
    ["a", "af63dc4c8601ec8c"],
    ["foobar", "85944171f73967e8"]
  ])("FNV-1a 64 of %j is %s (published vectors)", (s, want) => expect(fnv1a64Hex(s)).toBe(want))

  /** Reference: the same hash with BigInt over Buffer bytes. */
  const reference = (l: Labels): string => {
    let h = 0xcbf29ce484222325n
    for (const s of l) {
      for (const b of [...Buffer.from(s), 0xff]) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n)
    }
    return h.toString(16).padStart(16, "0")
  }

  it.each<[Labels]>([
    [[]],
    [["__name__", "up", "job", "node"]],
    [["path", '/café/"q"\\x', "zone", "ünïcödé"]],
    [["emoji", "😀😁", "cjk", "漢字"]],
    [["a".repeat(300), "b".repeat(1000)]]
  ])("matches a BigInt reference for %j", (l) => {
    expect(hashLabelsHex(l)).toBe(reference(l))
    expect(hashLabels(l)).toBe(Number(BigInt(`0x${reference(l)}`) & 0x1fffffffffffffn))
  })

  it("separates names from values and pairs from pairs", () => {
    const hashes = new Set(
      [
        ["ab", "c"],
        ["a", "bc"],
        ["a", "b", "c", "d"],
        ["a", "bc", "d", ""],
        ["a", "b"],
        ["a", "b", "", ""]
      ].map(hashLabelsHex)
    )
    expect(hashes.size).toBe(6)
  })
})

describe("formatLabels", () => {
  it.each<[Labels, string, string]>([
    [[], "{}", "{}"],
    [["__name__", "up"], "up", '{__name__="up"}'],
    [["__name__", "up", "job", "x"], 'up{job="x"}', '{__name__="up", job="x"}'],
    [["a", "1", "b", "2"], '{a="1", b="2"}', '{a="1", b="2"}'],
    [["Zone", "eu", "__name__", "up"], 'up{Zone="eu"}', '{Zone="eu", __name__="up"}'],
    [
      ["path", '/café/"q"\\x', "zone", "ünïcödé"],
      '{path="/café/\\"q\\"\\\\x", zone="ünïcödé"}',
      '{path="/café/\\"q\\"\\\\x", zone="ünïcödé"}'
    ],
    [["a", "line\nbreak\t"], '{a="line\\nbreak\\t"}', '{a="line\\nbreak\\t"}'],
    [["__name__", "my.metric", "job", "x"], '{"my.metric", job="x"}', '{__name__="my.metric", job="x"}'],
    [["__name__", "up", "my.label", "x"], 'up{"my.label"="x"}', '{__name__="up", "my.label"="x"}']
  ])("%j → %s / %s", (l, series, plain) => {
    expect(formatLabels(l)).toBe(series)
    expect(formatLabelsPlain(l)).toBe(plain)
  })
})

describe("StringInterner", () => {
  it("shares instances and forgets strings with no references left", () => {
    const i = new StringInterner()
    const a = i.internLabels(["job", "node", "instance", "a"])
    const b = i.internLabels(["job", ["no", "de"].join(""), "instance", "b"])
    expect(b[1]).toBe(a[1])
    expect(i.size).toBe(5)
    expect(i.refs("node")).toBe(2)
    i.releaseLabels(a)
    expect([i.size, i.refs("node"), i.refs("a")]).toEqual([4, 1, 0])
    i.releaseLabels(b)
    expect(i.size).toBe(0)
  })
})
