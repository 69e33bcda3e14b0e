/**
 * The head's inverted index: label name → value → sorted series refs (refs only grow, so appending
 * keeps lists sorted). Selection follows Prometheus's matcher semantics: a matcher that matches
 * the empty string also selects series without the label.
 */

import { matches } from "../promql/memory-storage.ts"
import type { PlanMatcher } from "../promql/plan.ts"

export const intersect = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number[] => {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i])
      i++
      j++
    } else if (a[i] < b[j]) i++
    else j++
  }
  return out
}

export const union = (lists: ReadonlyArray<ReadonlyArray<number>>): number[] => {
  if (lists.length === 1) return [...lists[0]]
  const all = new Set<number>()
  for (const l of lists) for (const r of l) all.add(r)
  return [...all].sort((x, y) => x - y)
}

export const subtract = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number[] => {
  const drop = new Set(b)
  return a.filter((r) => !drop.has(r))
}

/** The series of one label value: a bare ref while there is one (most values of unique labels). */
type Posting = number | number[]

const asList = (p: Posting): number[] => (typeof p === "number" ? [p] : p)

export class MemPostings {
  private readonly index = new Map<string, Map<string, Posting>>()
  private readonly all: number[] = []

  add(ref: number, labels: ReadonlyArray<string>): void {
    this.all.push(ref)
    for (let i = 0; i < labels.length; i += 2) {
      let values = this.index.get(labels[i])
      if (!values) this.index.set(labels[i], (values = new Map()))
      const p = values.get(labels[i + 1])
      if (p === undefined) values.set(labels[i + 1], ref)
      else if (typeof p === "number") values.set(labels[i + 1], [p, ref])
      else p.push(ref)
    }
  }

  delete(refs: ReadonlySet<number>, labelsOf: (ref: number) => ReadonlyArray<string>): void {
    for (const ref of refs) {
      const labels = labelsOf(ref)
      for (let i = 0; i < labels.length; i += 2) {
        const values = this.index.get(labels[i])
        const p = values?.get(labels[i + 1])
        if (!values || p === undefined) continue
        if (typeof p === "number") {
          if (p === ref) values.delete(labels[i + 1])
        } else {
          const k = p.indexOf(ref)
          if (k >= 0) p.splice(k, 1)
          if (p.length === 0) values.delete(labels[i + 1])
          else if (p.length === 1) values.set(labels[i + 1], p[0])
        }
        if (values.size === 0) this.index.delete(labels[i])
      }
    }
    const keep = this.all.filter((r) => !refs.has(r))
    this.all.length = 0
    this.all.push(...keep)
  }

  labelNames(): string[] {
    return [...this.index.keys()]
  }

  labelValues(name: string): string[] {
    return [...(this.index.get(name)?.keys() ?? [])]
  }

  /** Refs of series having `name` with a value the matcher accepts. */
  private withMatching(m: PlanMatcher): number[] {
    const values = this.index.get(m.name)
    if (!values) return []
    if (m.type === "=") {
      const p = values.get(m.value)
      return p === undefined ? [] : typeof p === "number" ? [p] : [...p]
    }
    const lists: number[][] = []
    for (const [v, p] of values) if (matches(m, v)) lists.push(asList(p))
    return lists.length === 0 ? [] : union(lists)
  }

  select(matchers: ReadonlyArray<PlanMatcher>): number[] {
    let result: number[] | undefined
    const subtractions: number[][] = []
    for (const m of matchers) {
      if (matches(m, "")) {
        // Matches series without the label too: remove those that have a non-matching value.
        const values = this.index.get(m.name)
        if (!values) continue
        const inverse: number[][] = []
        for (const [v, p] of values) if (!matches(m, v)) inverse.push(asList(p))
        if (inverse.length > 0) subtractions.push(union(inverse))
        continue
      }
      const refs = this.withMatching(m)
      result = result === undefined ? refs : intersect(result, refs)
      if (result.length === 0) return []
    }
    let out = result ?? [...this.all]
    for (const s of subtractions) out = subtract(out, s)
    return out
  }
}
