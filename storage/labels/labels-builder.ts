/**
 * Derives a label set from a base through a series of sets and deletes (relabelling, rule
 * outputs, PromQL functions), sorting once at the end. It does not validate names; that is the
 * caller's job at the edge where the names came in.
 */

import { emptyLabels, type Labels } from "./labels.ts"
import { compareUtf8 } from "./utf8-order.ts"

export class LabelsBuilder {
  private base: Labels
  /** Pending changes by name; "" means delete. */
  private readonly changes = new Map<string, string>()

  constructor(base: Labels = emptyLabels) {
    this.base = base
  }

  /** Starts over from a new base (reuses the builder's map). */
  reset(base: Labels = emptyLabels): this {
    this.base = base
    this.changes.clear()
    return this
  }

  /** Sets a label; an empty value deletes it, as in Prometheus. */
  set(name: string, value: string): this {
    this.changes.set(name, value)
    return this
  }

  del(...names: string[]): this {
    for (const n of names) this.changes.set(n, "")
    return this
  }

  /** Keeps only the named labels (of the base and of earlier sets). */
  keep(...names: string[]): this {
    const keep = new Set(names)
    for (let i = 0; i < this.base.length; i += 2)
      if (!keep.has(this.base[i])) this.changes.set(this.base[i], "")
    for (const n of this.changes.keys()) if (!keep.has(n)) this.changes.set(n, "")
    return this
  }

  /** The current value of `name` ("" when absent or deleted). */
  get(name: string): string {
    const c = this.changes.get(name)
    if (c !== undefined) return c
    for (let i = 0; i < this.base.length; i += 2) if (this.base[i] === name) return this.base[i + 1]
    return ""
  }

  /** The resulting sorted label set; the base itself when nothing changed. */
  build(): Labels {
    if (this.changes.size === 0) return this.base
    const out: string[] = []
    for (let i = 0; i < this.base.length; i += 2)
      if (!this.changes.has(this.base[i])) out.push(this.base[i], this.base[i + 1])
    const added: string[] = []
    for (const [n, v] of this.changes) if (v !== "") added.push(n)
    if (added.length === 0) return out
    added.sort(compareUtf8)
    // Merge two sorted runs.
    const merged: string[] = new Array(out.length + added.length * 2)
    let i = 0
    let j = 0
    let k = 0
    while (i < out.length || j < added.length) {
      if (j >= added.length || (i < out.length && compareUtf8(out[i], added[j]) < 0)) {
        merged[k++] = out[i++]
        merged[k++] = out[i++]
      } else {
        merged[k++] = added[j]
        merged[k++] = this.changes.get(added[j++])!
      }
    }
    return merged
  }
}
