/**
 * Chooses the series of an index that match a set of label matchers, as Prometheus does
 * (`PostingsForMatchers`), reading only the postings lists the matchers need. Semantics: a series
 * lacking a label has the empty value for it, so a matcher that accepts "" (`a=""`, `a!="x"`,
 * `a=~"x|"`, `a!~"x"`) also selects series without label `a`. Such matchers are applied by
 * removing the series whose value they reject; the others by intersecting unions of postings.
 */
import type { IndexReader } from "./index-reader.ts"
import { emptyPostings, intersectAll, merge, type Postings, without } from "./postings.ts"
import type { RangeReads } from "./range-reads.ts"

/**
 * What the index needs of a matcher. storage/labels `Matcher` satisfies it; `setMatches` (the
 * exact values a positive matcher accepts, when known) spares a scan of all values.
 */
export interface IndexMatcher {
  readonly name: string
  /** Whether the matcher accepts "", i.e. series that lack the label. */
  readonly matchesEmpty: boolean
  matches(value: string): boolean
  setMatches?(): ReadonlyArray<string> | undefined
}

/** Union of the lists of the values of `m.name` that `accept` says yes to. */
function* unionOfValues(
  index: IndexReader,
  name: string,
  accept: (value: string) => boolean,
  exact: ReadonlyArray<string> | undefined
): RangeReads<Postings> {
  const n = index.namePostings(name)
  if (n === undefined) return emptyPostings
  const lists: Postings[] = []
  if (exact !== undefined) {
    for (const v of exact) lists.push(yield* index.postingsSteps(name, v))
  } else {
    for (let i = 0; i < n.values.length; i++)
      if (accept(n.values[i])) lists.push(yield* index.postingsAt(n, i))
  }
  return merge(lists)
}

/**
 * IDs (ascending) of series matching every matcher. No matchers selects every series. A matcher
 * that accepts every value and "" (`a=~".*"`) selects everything and reads nothing.
 */
export function* postingsForMatchers(
  index: IndexReader,
  matchers: ReadonlyArray<IndexMatcher>
): RangeReads<Postings> {
  const positive = matchers.filter((m) => !m.matchesEmpty)
  const negative = matchers.filter((m) => m.matchesEmpty)
  const keep: Postings[] = []
  for (const m of positive) {
    const list = yield* unionOfValues(index, m.name, (v) => m.matches(v), m.setMatches?.())
    // A positive matcher with nothing to match empties the result: stop reading.
    if (list.length === 0) return emptyPostings
    keep.push(list)
  }
  let result = keep.length > 0 ? intersectAll(keep) : yield* index.postingsSteps("", "")
  for (const m of negative) {
    if (result.length === 0) break
    // Remove the series whose value of m.name the matcher rejects; series without it stay.
    const drop = yield* unionOfValues(index, m.name, (v) => !m.matches(v), undefined)
    result = without(result, drop)
  }
  return result
}
