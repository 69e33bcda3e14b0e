/**
 * Set operations over postings lists: strictly ascending series IDs in a Uint32Array. Intersect,
 * merge (union) and without (difference), each linear in the input sizes; merging k lists pairs
 * them up in rounds (O(n log k)). Plain code for the query hot path; no I/O, no decoding.
 */

export type Postings = Uint32Array

export const emptyPostings: Postings = new Uint32Array(0)

/** IDs in both lists. */
export const intersect = (a: Postings, b: Postings): Postings => {
  if (a.length === 0 || b.length === 0) return emptyPostings
  const out = new Uint32Array(Math.min(a.length, b.length))
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    const x = a[i]
    const y = b[j]
    if (x === y) {
      out[n++] = x
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return out.subarray(0, n)
}

/** IDs in every list; the shortest lists go first so the working set shrinks fastest. */
export const intersectAll = (lists: ReadonlyArray<Postings>): Postings => {
  if (lists.length === 0) return emptyPostings
  const sorted = [...lists].sort((a, b) => a.length - b.length)
  let acc = sorted[0]
  for (let i = 1; i < sorted.length && acc.length > 0; i++) acc = intersect(acc, sorted[i])
  return acc
}

/** IDs in either list. */
export const union = (a: Postings, b: Postings): Postings => {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const out = new Uint32Array(a.length + b.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    const x = a[i]
    const y = b[j]
    if (x === y) {
      out[n++] = x
      i++
      j++
    } else if (x < y) {
      out[n++] = x
      i++
    } else {
      out[n++] = y
      j++
    }
  }
  while (i < a.length) out[n++] = a[i++]
  while (j < b.length) out[n++] = b[j++]
  return out.subarray(0, n)
}

/** IDs in any of the lists. */
export const merge = (lists: ReadonlyArray<Postings>): Postings => {
  if (lists.length === 0) return emptyPostings
  let round = lists.slice()
  while (round.length > 1) {
    const next: Postings[] = []
    for (let i = 0; i < round.length; i += 2)
      next.push(i + 1 < round.length ? union(round[i], round[i + 1]) : round[i])
    round = next
  }
  return round[0]
}

/** IDs of `a` that are not in `b`. */
export const without = (a: Postings, b: Postings): Postings => {
  if (a.length === 0 || b.length === 0) return a
  const out = new Uint32Array(a.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length) {
    const x = a[i]
    while (j < b.length && b[j] < x) j++
    if (j >= b.length || b[j] !== x) out[n++] = x
    i++
  }
  return out.subarray(0, n)
}

/** Whether `p` is strictly ascending (the invariant every list here keeps). */
export const isSortedPostings = (p: ArrayLike<number>): boolean => {
  for (let i = 1; i < p.length; i++) if (p[i] <= p[i - 1]) return false
  return true
}
