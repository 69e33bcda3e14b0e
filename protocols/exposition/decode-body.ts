/**
 * A scraped body as the string the text parsers read. Exposition payloads are almost always pure
 * ASCII; for those a one-byte (latin1) decode gives the same string several times faster than UTF-8
 * decoding (measured 0.8 vs 8.8 ms for 3.2 MB), after a SIMD ASCII check that costs ~0.05 ms.
 */
import { isAscii } from "node:buffer"

export const decodeBody = (body: Buffer): string =>
  isAscii(body) ? body.toString("latin1") : body.toString("utf8")
