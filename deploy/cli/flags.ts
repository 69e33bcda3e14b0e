/**
 * Command-line flags in Prometheus's (kingpin) style: `--name=value` or `--name value`, booleans as
 * `--name` / `--no-name`, typed values checked at parse time. A bad flag becomes one line naming
 * the flag and the value; the caller prints it and exits 2. Plain code, no Effect.
 */
import { parseBytes } from "../../protocols/units/bytes.ts"
import { parseDuration } from "../../protocols/units/duration.ts"

export type FlagKind = "string" | "bool" | "duration" | "int" | "bytes" | "enum"

export interface FlagSpec {
  readonly name: string
  readonly kind: FlagKind
  readonly help: string
  /** As the user would type it; parsed like user input. Absent = no default (undefined). */
  readonly default?: string
  readonly choices?: ReadonlyArray<string>
  /** Extra check of the raw value; returns why it is wrong, or undefined. */
  readonly validate?: (raw: string) => string | undefined
  /** May be given several times (values collect in order). */
  readonly repeatable?: boolean
}

export type FlagValue = string | number | boolean | ReadonlyArray<string>
export type FlagValues = Readonly<Record<string, FlagValue | undefined>>

export type ParseResult =
  | {
      readonly _tag: "Ok"
      readonly values: FlagValues
      readonly args: ReadonlyArray<string>
      /** Flags given on the command line (the rest have their defaults). */
      readonly explicit: ReadonlySet<string>
    }
  | { readonly _tag: "Help" }
  | { readonly _tag: "Version" }
  | { readonly _tag: "Error"; readonly message: string }

type Converted = { readonly ok: FlagValue } | { readonly error: string }

const convert = (spec: FlagSpec, raw: string): Converted => {
  switch (spec.kind) {
    case "string":
      return { ok: raw }
    case "bool":
      return raw === "true" || raw === "false" ? { ok: raw === "true" } : { error: "expected true or false" }
    case "duration": {
      const ms = parseDuration(raw)
      return typeof ms === "number" ? { ok: ms } : { error: ms }
    }
    case "bytes": {
      const n = parseBytes(raw)
      return typeof n === "number" ? { ok: n } : { error: n }
    }
    case "int":
      return /^-?\d+$/.test(raw) ? { ok: Number(raw) } : { error: "expected an integer" }
    case "enum":
      return spec.choices?.includes(raw)
        ? { ok: raw }
        : { error: `must be one of ${spec.choices?.join(", ")}` }
  }
}

/** Parses argv (without the command name) against the specs. Positional args are returned in order. */
export const parseFlags = (specs: ReadonlyArray<FlagSpec>, argv: ReadonlyArray<string>): ParseResult => {
  const byName = new Map(specs.map((s) => [s.name, s]))
  const values: Record<string, FlagValue | undefined> = {}
  const args: string[] = []
  const explicit = new Set<string>()
  const set = (spec: FlagSpec, raw: string): string | undefined => {
    const bad = spec.validate?.(raw)
    if (bad !== undefined) return `invalid value "${raw}" for flag --${spec.name}: ${bad}`
    const v = convert(spec, raw)
    if ("error" in v) return `invalid value "${raw}" for flag --${spec.name}: ${v.error}`
    if (spec.repeatable) values[spec.name] = [...((values[spec.name] as string[] | undefined) ?? []), raw]
    else values[spec.name] = v.ok
    return undefined
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === "--help" || a === "-h") return { _tag: "Help" }
    if (a === "--version") return { _tag: "Version" }
    if (a === "--") {
      args.push(...argv.slice(i + 1))
      break
    }
    if (!a.startsWith("--")) {
      if (a.startsWith("-") && a !== "-") return { _tag: "Error", message: `unknown short flag '${a}'` }
      args.push(a)
      continue
    }
    const eq = a.indexOf("=")
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq)
    const spec = byName.get(name)
    if (!spec && name.startsWith("no-") && eq === -1) {
      const b = byName.get(name.slice(3))
      if (b?.kind === "bool") {
        values[b.name] = false
        explicit.add(b.name)
        continue
      }
    }
    if (!spec) return { _tag: "Error", message: `unknown long flag '--${name}'` }
    let raw: string
    if (eq !== -1) raw = a.slice(eq + 1)
    else if (spec.kind === "bool") raw = "true"
    else if (i + 1 < argv.length) raw = argv[++i]
    else return { _tag: "Error", message: `expected argument for flag '--${name}'` }
    const err = set(spec, raw)
    if (err) return { _tag: "Error", message: err }
    explicit.add(spec.name)
  }
  for (const spec of specs) {
    if (values[spec.name] !== undefined || spec.default === undefined) continue
    const err = set(spec, spec.default)
    if (err) throw new Error(`bug: default of --${spec.name}: ${err}`)
  }
  return { _tag: "Ok", values, args, explicit }
}

/** The flags section of --help, kingpin-like: one flag per entry with its default. */
export const formatFlagsHelp = (specs: ReadonlyArray<FlagSpec>): string => {
  const lines: string[] = []
  for (const s of specs) {
    const placeholder = s.kind === "bool" ? "" : `=${s.kind.toUpperCase()}`
    const name = s.kind === "bool" ? `--[no-]${s.name}` : `--${s.name}${placeholder}`
    lines.push(`  ${name}`)
    const def = s.default !== undefined ? ` Default: ${s.default}` : ""
    const choices = s.choices ? ` One of: ${s.choices.join(", ")}.` : ""
    lines.push(`      ${s.help}${choices}${def}`)
  }
  return lines.join("\n")
}
