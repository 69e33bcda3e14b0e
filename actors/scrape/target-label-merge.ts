/**
 * Merging a scraped series' labels with its target's labels (Prometheus's rules, spec §1.12):
 * `honor_labels: false` keeps target labels and renames clashing scraped ones to `exported_…`
 * (shortest names first, prefixing again until unique); `honor_labels: true` keeps scraped
 * labels and adds target labels only where the name is absent. Empty values are removed last.
 * Plain code, called once per new series (the scrape cache remembers the result).
 */

export type LabelMap = Map<string, string>

export const mergeTargetLabels = (
  scraped: ReadonlyMap<string, string>,
  target: Readonly<Record<string, string>>,
  honorLabels: boolean
): LabelMap => {
  const out = new Map(scraped)
  if (honorLabels) {
    for (const [name, value] of Object.entries(target)) if (!scraped.has(name)) out.set(name, value)
  } else {
    const conflicts: Array<[string, string]> = []
    for (const [name, value] of Object.entries(target)) {
      const existing = scraped.get(name)
      if (existing !== undefined && existing !== "") conflicts.push([name, existing])
      out.set(name, value)
    }
    conflicts.sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1))
    for (const [name, value] of conflicts) {
      let renamed = `exported_${name}`
      while (scraped.has(renamed) || renamed in target || out.has(renamed)) renamed = `exported_${renamed}`
      out.set(renamed, value)
    }
  }
  for (const [name, value] of out) if (value === "") out.delete(name)
  return out
}
