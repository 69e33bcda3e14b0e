/**
 * Applying relabel configs to a label set, with Prometheus's semantics for every action
 * (replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase,
 * uppercase). Source values are joined with the separator; a missing label reads as "". Returns
 * undefined when the set is dropped. Labels set to "" are removed, as Prometheus does.
 */
import { createHash } from "node:crypto"
import type { RE2JS } from "re2js"
import { expandTemplate } from "./regex-expand.ts"
import type { RelabelConfig } from "./relabel-config.ts"

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

const namedGroupsCache = new WeakMap<RE2JS, Readonly<Record<string, number>>>()
const namedGroups = (re: RE2JS) => {
  let g = namedGroupsCache.get(re)
  if (!g) {
    g = { ...(re.namedGroups() as Record<string, number>) }
    namedGroupsCache.set(re, g)
  }
  return g
}

/** The hashmod value: the last 8 bytes of the MD5 of the value, big-endian, modulo `modulus`. */
export const hashmod = (value: string, modulus: number): number => {
  const sum = createHash("md5").update(value).digest()
  return Number(sum.readBigUInt64BE(8) % BigInt(modulus))
}

const set = (labels: Map<string, string>, name: string, value: string) => {
  if (value === "") labels.delete(name)
  else labels.set(name, value)
}

/** One step; false = drop the whole label set. */
const apply = (labels: Map<string, string>, cfg: RelabelConfig): boolean => {
  const value = cfg.sourceLabels.map((n) => labels.get(n) ?? "").join(cfg.separator)
  switch (cfg.action) {
    case "drop":
      return !cfg.compiled.matches(value)
    case "keep":
      return cfg.compiled.matches(value)
    case "keepequal":
      return value === (labels.get(cfg.targetLabel) ?? "")
    case "dropequal":
      return value !== (labels.get(cfg.targetLabel) ?? "")
    case "replace": {
      const m = cfg.compiled.matcher(value)
      if (!m.matches()) return true
      const groups = namedGroups(cfg.compiled)
      const target = expandTemplate(cfg.targetLabel, m, groups)
      if (!labelName.test(target)) return true
      set(labels, target, expandTemplate(cfg.replacement, m, groups))
      return true
    }
    case "lowercase":
      set(labels, cfg.targetLabel, value.toLowerCase())
      return true
    case "uppercase":
      set(labels, cfg.targetLabel, value.toUpperCase())
      return true
    case "hashmod":
      set(labels, cfg.targetLabel, String(hashmod(value, cfg.modulus)))
      return true
    case "labelmap": {
      const groups = namedGroups(cfg.compiled)
      for (const [name, v] of [...labels]) {
        const m = cfg.compiled.matcher(name)
        if (m.matches()) set(labels, expandTemplate(cfg.replacement, m, groups), v)
      }
      return true
    }
    case "labeldrop":
      for (const name of [...labels.keys()]) if (cfg.compiled.matches(name)) labels.delete(name)
      return true
    case "labelkeep":
      for (const name of [...labels.keys()]) if (!cfg.compiled.matches(name)) labels.delete(name)
      return true
  }
}

/** Relabels a copy of `input`; undefined when a keep/drop step dropped it. */
export const relabel = (
  input: Readonly<Record<string, string>>,
  configs: ReadonlyArray<RelabelConfig>
): Record<string, string> | undefined => {
  const labels = new Map(Object.entries(input))
  for (const cfg of configs) if (!apply(labels, cfg)) return undefined
  return Object.fromEntries([...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
