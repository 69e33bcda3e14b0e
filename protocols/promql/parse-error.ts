/**
 * The one error the PromQL parser returns: a message and the byte range it is about, shown the
 * way Prometheus shows it (`1:14: parse error: unexpected "}" in label matching, expected string`).
 * It is a value, not a thrown exception; the gateway maps it to `bad_data`.
 */
import type { PosRange } from "./ast.ts"

export interface ParseError {
  readonly _tag: "PromqlParseError"
  readonly pos: PosRange
  /** The bare message, without position (`unexpected end of input`). */
  readonly message: string
  /** The full text as Prometheus prints it: `<line>:<col>: parse error: <message>`. */
  readonly text: string
}

/** 1-based line and column of a byte offset; the column counts bytes, as Prometheus does. */
export const lineCol = (query: string, byteOffset: number): { line: number; col: number } => {
  const bytes = new TextEncoder().encode(query)
  let line = 1
  let lineStart = 0
  for (let i = 0; i < byteOffset && i < bytes.length; i++) {
    if (bytes[i] === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, col: byteOffset - lineStart + 1 }
}

export const makeParseError = (query: string, pos: PosRange, message: string): ParseError => {
  const { line, col } = lineCol(query, pos.start)
  return { _tag: "PromqlParseError", pos, message, text: `${line}:${col}: parse error: ${message}` }
}
