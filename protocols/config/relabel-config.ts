/**
 * `relabel_configs` / `metric_relabel_configs` entries: fields, Prometheus's defaults (action
 * replace, separator ";", regex "(.*)", replacement "$1") and its load-time checks. The regex is
 * compiled once here, anchored and with RE2 semantics; applying relabeling is not done here.
 */
import { RE2JS } from "re2js"
import { type Cursor, labelNamePattern, readInt, readList, readObject, readString } from "./yaml-reader.ts"

export const relabelActions = [
  "replace",
  "keep",
  "drop",
  "keepequal",
  "dropequal",
  "hashmod",
  "labelmap",
  "labeldrop",
  "labelkeep",
  "lowercase",
  "uppercase"
] as const
export type RelabelAction = (typeof relabelActions)[number]

export interface RelabelConfig {
  readonly sourceLabels: ReadonlyArray<string>
  readonly separator: string
  /** The regex as written (default "(.*)"); `compiled` is `^(?:regex)$`. */
  readonly regex: string
  readonly compiled: RE2JS
  readonly modulus: number
  readonly targetLabel: string
  readonly replacement: string
  readonly action: RelabelAction
}

const defaults = { separator: ";", regex: "(.*)", replacement: "$1" }

/** target_label may use $1 / ${name} templates for replace; else it must be a label name. */
const templatedLabel = /^(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))(?:\w|\$(?:\{\w+\}|\w+))*$/

export const readRelabelConfig = (c: Cursor): RelabelConfig =>
  readObject(c, "relabel.plain", (f) => {
    const actionCursor = f("action")
    const action = readString(actionCursor, "replace").toLowerCase()
    if (!(relabelActions as ReadonlyArray<string>).includes(action))
      actionCursor.fail(`unknown relabel action ${JSON.stringify(action)}`)
    const sourceLabels = readList(f("source_labels"), (x) => {
      const name = readString(x, "")
      if (!labelNamePattern.test(name)) x.fail(`${JSON.stringify(name)} is not a valid label name`)
      return name
    })
    const regexCursor = f("regex")
    const regex = readString(regexCursor, defaults.regex)
    let compiled: RE2JS
    try {
      compiled = RE2JS.compile(`^(?:${regex})$`)
    } catch (e) {
      return regexCursor.fail((e as Error).message)
    }
    const cfg: RelabelConfig = {
      sourceLabels,
      separator: readString(f("separator"), defaults.separator),
      regex,
      compiled,
      modulus: readInt(f("modulus"), 0),
      targetLabel: readString(f("target_label"), ""),
      replacement: readString(f("replacement"), defaults.replacement),
      action: action as RelabelAction
    }
    validate(c, cfg)
    return cfg
  })

const validate = (c: Cursor, r: RelabelConfig) => {
  const a = r.action
  if (a === "hashmod" && r.modulus === 0)
    c.fail("relabel configuration for hashmod requires non-zero modulus")
  const needsTarget =
    a === "replace" ||
    a === "hashmod" ||
    a === "lowercase" ||
    a === "uppercase" ||
    a === "keepequal" ||
    a === "dropequal"
  if (needsTarget && r.targetLabel === "")
    c.fail(`relabel configuration for ${a} action requires 'target_label' value`)
  if (a === "replace" && !templatedLabel.test(r.targetLabel)) {
    c.fail(`${JSON.stringify(r.targetLabel)} is invalid 'target_label' for ${a} action`)
  }
  if (
    (a === "lowercase" || a === "uppercase" || a === "hashmod" || a === "keepequal" || a === "dropequal") &&
    !labelNamePattern.test(r.targetLabel)
  ) {
    c.fail(`${JSON.stringify(r.targetLabel)} is invalid 'target_label' for ${a} action`)
  }
  if (
    (a === "keepequal" || a === "dropequal") &&
    (r.regex !== defaults.regex ||
      r.modulus !== 0 ||
      r.separator !== defaults.separator ||
      r.replacement !== defaults.replacement)
  ) {
    c.fail(`${a} action requires only 'source_labels' and \`target_label\`, and no other fields`)
  }
  if (
    (a === "labeldrop" || a === "labelkeep") &&
    (r.sourceLabels.length > 0 ||
      r.targetLabel !== "" ||
      r.modulus !== 0 ||
      r.separator !== defaults.separator ||
      r.replacement !== defaults.replacement)
  ) {
    c.fail(`${a} action requires only 'regex', and no other fields`)
  }
}
