/**
 * Shares one string instance per distinct label name or value in a head, so a million series
 * with `job="node"` hold one "node" instead of a million copies from the parser. Reference
 * counted, so strings of dropped series can go; it does not bound its size (the head's series
 * limit does).
 */
import type { Labels } from "./labels.ts"

export class StringInterner {
  private readonly entries = new Map<string, { s: string; refs: number }>()

  /** The shared instance of `s`, counting one more reference to it. */
  intern(s: string): string {
    const e = this.entries.get(s)
    if (e !== undefined) {
      e.refs++
      return e.s
    }
    this.entries.set(s, { s, refs: 1 })
    return s
  }

  /** Drops one reference; the string is forgotten when none are left. */
  release(s: string): void {
    const e = this.entries.get(s)
    if (e === undefined) return
    if (--e.refs === 0) this.entries.delete(s)
  }

  /** A copy of `l` whose strings are the shared instances (one reference each). */
  internLabels(l: Labels): Labels {
    const out: string[] = new Array(l.length)
    for (let i = 0; i < l.length; i++) out[i] = this.intern(l[i])
    return out
  }

  /** Releases every string of a label set interned with `internLabels`. */
  releaseLabels(l: Labels): void {
    for (let i = 0; i < l.length; i++) this.release(l[i])
  }

  /** Distinct strings held. */
  get size(): number {
    return this.entries.size
  }

  /** References held to `s` (0 when unknown). */
  refs(s: string): number {
    return this.entries.get(s)?.refs ?? 0
  }
}
