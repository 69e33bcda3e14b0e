/**
 * Reading a YAML document into typed config with Prometheus-style strictness: unknown fields,
 * wrong types and bad values are errors naming the field path and the line. Plain code; each
 * config module describes its fields with these readers.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from "yaml"
import { parseDuration } from "../units/duration.ts"

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "ConfigError"
  }
}

/** A position in the document: the field path for messages and the node for line numbers. */
export class Cursor {
  readonly path: string
  readonly node: Node | null | undefined
  private readonly lines: LineCounter
  constructor(path: string, node: Node | null | undefined, lines: LineCounter) {
    this.path = path
    this.node = node
    this.lines = lines
  }
  line(): number | undefined {
    const offset = this.node?.range?.[0]
    return offset === undefined ? undefined : this.lines.linePos(offset).line
  }
  fail(reason: string): never {
    const line = this.line()
    throw new ConfigError(
      `${this.path === "" ? "" : `${this.path}: `}${reason}${line ? ` (line ${line})` : ""}`
    )
  }
  child(key: string | number, node: Node | null | undefined): Cursor {
    const path =
      typeof key === "number" ? `${this.path}[${key}]` : this.path === "" ? key : `${this.path}.${key}`
    return new Cursor(path, node, this.lines)
  }
  get isNull(): boolean {
    return this.node === null || this.node === undefined || (isScalar(this.node) && this.node.value === null)
  }
}

export const openDocument = (text: string): Cursor => {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, strict: true })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]
    const line = e.linePos?.[0]?.line
    throw new ConfigError(`yaml: ${e.message.split("\n")[0]}${line ? ` (line ${line})` : ""}`)
  }
  return new Cursor("", doc.contents as Node | null, lines)
}

/** Reads a mapping with known fields; any other key is an error, as Prometheus's strict YAML. */
export const readObject = <T>(
  c: Cursor,
  typeName: string,
  read: (field: (name: string) => Cursor) => T
): T => {
  if (c.isNull) return read((name) => c.child(name, undefined))
  if (!isMap(c.node)) return c.fail(`expected a mapping for ${typeName}`)
  const map = c.node as YAMLMap
  const seen = new Set<string>()
  const field = (name: string) => {
    seen.add(name)
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === name)
    return c.child(name, (pair?.value as Node | null | undefined) ?? undefined)
  }
  const result = read(field)
  for (const p of map.items) {
    const key = isScalar(p.key) ? String(p.key.value) : String(p.key)
    if (!seen.has(key)) c.child(key, p.key as Node).fail(`field ${key} not found in type ${typeName}`)
  }
  return result
}

const scalar = (c: Cursor): unknown => (isScalar(c.node) ? c.node.value : c.fail("expected a scalar value"))

export const readString = (c: Cursor, def: string): string => {
  if (c.isNull) return def
  const v = scalar(c)
  if (typeof v === "object") return c.fail("expected a string")
  return String(v)
}

export const readOptionalString = (c: Cursor): string | undefined =>
  c.isNull ? undefined : readString(c, "")

export const readBool = (c: Cursor, def: boolean): boolean => {
  if (c.isNull) return def
  const v = scalar(c)
  if (typeof v !== "boolean") return c.fail(`cannot unmarshal ${JSON.stringify(String(v))} into bool`)
  return v
}

export const readInt = (c: Cursor, def: number): number => {
  if (c.isNull) return def
  const v = scalar(c)
  if (typeof v !== "number" || !Number.isInteger(v))
    return c.fail(`cannot unmarshal ${JSON.stringify(String(v))} into an integer`)
  return v
}

export const readDuration = (c: Cursor, defMs: number): number => {
  if (c.isNull) return defMs
  const ms = parseDuration(String(scalar(c)))
  return typeof ms === "number" ? ms : c.fail(ms)
}

export const readList = <T>(c: Cursor, item: (c: Cursor, index: number) => T): T[] => {
  if (c.isNull) return []
  if (!isSeq(c.node)) return c.fail("expected a list")
  return c.node.items.map((n, i) => item(c.child(i, n as Node), i))
}

/** A mapping with any keys, each value read by `item`. */
export const readMap = <T>(c: Cursor, item: (c: Cursor) => T, what = "a mapping"): Record<string, T> => {
  if (c.isNull) return {}
  if (!isMap(c.node)) return c.fail(`expected ${what}`)
  const out: Record<string, T> = {}
  for (const p of c.node.items) {
    const key = isScalar(p.key) ? String(p.key.value) : String(p.key)
    out[key] = item(c.child(key, p.value as Node))
  }
  return out
}

export const readStringMap = (c: Cursor): Record<string, string> =>
  readMap(c, (x) => readString(x, ""), "a mapping of strings")

export const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** A label map (external_labels, static_configs labels): names must be valid label names. */
export const readLabelMap = (c: Cursor): Record<string, string> => {
  const m = readStringMap(c)
  for (const name of Object.keys(m))
    if (!labelNamePattern.test(name)) c.fail(`${JSON.stringify(name)} is not a valid label name`)
  return m
}
