import { describe, expect, it } from "vitest"
import { ByteText } from "./byte-text.ts"

describe("ByteText.equals (a payload span against an earlier key)", () => {
  const body = Buffer.from('up{job="a"} 1\nm{k="é"} 2\nx{k="\u00c3"} 3\n', "utf8")
  const t = new ByteText(body)
  const span = (text: string) => {
    const a = body.indexOf(text)
    return [a, a + Buffer.byteLength(text)] as const
  }
  it.each([
    ['up{job="a"}', 'up{job="a"}', true],
    ['up{job="a"}', 'up{job="b"}', false],
    ['up{job="a"}', 'up{job="a"', false],
    ['m{k="é"}', 'm{k="é"}', true],
    ['m{k="é"}', 'm{k="è"}', false],
    ['m{k="é"}', 'm{k="ée"}', false]
  ])("%s vs %s → %s", (written, key, equal) => {
    const [a, e] = span(written)
    expect(t.equals(a, e, key)).toBe(equal)
  })
  it("never takes a byte for the Latin-1 character of the same code", () => {
    // The bytes C3 83 spell "Ã"; the one-char key "\u00c3" must not match the lone byte C3.
    const lone = new ByteText(Buffer.from([0xc3]))
    expect(lone.equals(0, 1, "\u00c3")).toBe(false)
    const [a, e] = span('x{k="\u00c3"}')
    expect(t.equals(a, e, 'x{k="\u00c3"}')).toBe(true)
  })
})
