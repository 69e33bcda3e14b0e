/**
 * What discovery produces: target groups, each a source name, targets (label sets with at least
 * `__address__`) and common labels, exactly the shape of file_sd/http_sd JSON. Plain data plus
 * the decoding of that JSON/YAML with errors naming the position.
 */
import { parse as parseYaml } from "yaml"

export interface TargetGroup {
  /** Stable id of the group within its provider (file path + index, URL + index, "static/0"). */
  readonly source: string
  readonly targets: ReadonlyArray<Readonly<Record<string, string>>>
  readonly labels: Readonly<Record<string, string>>
}

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Decodes `[{"targets": [...], "labels": {...}}, ...]`; throws an Error naming the entry on bad input. */
export const decodeTargetGroups = (
  text: string,
  format: "json" | "yaml",
  source: string,
  extraLabels: Readonly<Record<string, string>> = {}
): TargetGroup[] => {
  const doc: unknown = format === "json" ? JSON.parse(text) : (parseYaml(text) ?? [])
  if (!Array.isArray(doc)) throw new Error(`${source}: expected a list of target groups`)
  return doc.map((g: unknown, i) => {
    if (typeof g !== "object" || g === null) throw new Error(`${source}[${i}]: expected an object`)
    const { targets, labels } = g as { targets?: unknown; labels?: unknown }
    if (!Array.isArray(targets)) throw new Error(`${source}[${i}].targets: expected a list of strings`)
    const groupLabels: Record<string, string> = { ...extraLabels }
    if (labels !== undefined && labels !== null) {
      if (typeof labels !== "object") throw new Error(`${source}[${i}].labels: expected a mapping`)
      for (const [k, v] of Object.entries(labels)) {
        if (!labelName.test(k)) throw new Error(`${source}[${i}].labels: "${k}" is not a valid label name`)
        groupLabels[k] = String(v)
      }
    }
    return {
      source: `${source}:${i}`,
      targets: targets.map((t, j) => {
        if (typeof t !== "string") throw new Error(`${source}[${i}].targets[${j}]: expected a string`)
        return { __address__: t }
      }),
      labels: groupLabels
    }
  })
}

/** Flattens groups into per-target label sets (target labels win over group labels). */
export const targetsOf = (groups: ReadonlyArray<TargetGroup>): Array<Record<string, string>> =>
  groups.flatMap((g) => g.targets.map((t) => ({ ...g.labels, ...t })))
