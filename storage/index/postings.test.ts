import { describe, expect, it } from "vitest"
import { intersect, intersectAll, isSortedPostings, merge, union, without } from "./postings.ts"

const P = (...ids: number[]) => new Uint32Array(ids)
const L = (p: Uint32Array) => [...p]

describe("postings set operations", () => {
  it.each([
    { a: [], b: [], and: [], or: [], minus: [] },
    { a: [1, 2, 3], b: [], and: [], or: [1, 2, 3], minus: [1, 2, 3] },
    { a: [], b: [4, 5], and: [], or: [4, 5], minus: [] },
    { a: [1, 3, 5, 7], b: [2, 3, 6, 7, 9], and: [3, 7], or: [1, 2, 3, 5, 6, 7, 9], minus: [1, 5] },
    { a: [1, 2, 3], b: [1, 2, 3], and: [1, 2, 3], or: [1, 2, 3], minus: [] },
    { a: [10, 20], b: [1, 2, 30], and: [], or: [1, 2, 10, 20, 30], minus: [10, 20] },
    { a: [0, 4294967295], b: [4294967295], and: [4294967295], or: [0, 4294967295], minus: [0] }
  ])("$a with $b", ({ a, b, and, or, minus }) => {
    expect(L(intersect(P(...a), P(...b)))).toEqual(and)
    expect(L(union(P(...a), P(...b)))).toEqual(or)
    expect(L(without(P(...a), P(...b)))).toEqual(minus)
  })

  it.each([
    { lists: [], and: [], or: [] },
    { lists: [[1, 2]], and: [1, 2], or: [1, 2] },
    {
      lists: [
        [1, 2, 3],
        [2, 3],
        [3, 4]
      ],
      and: [3],
      or: [1, 2, 3, 4]
    },
    { lists: [[5], [1], [3], [2], [4]], and: [], or: [1, 2, 3, 4, 5] }
  ])("k-way over $lists", ({ lists, and, or }) => {
    expect(L(intersectAll(lists.map((l) => P(...l))))).toEqual(and)
    expect(L(merge(lists.map((l) => P(...l))))).toEqual(or)
  })

  it("agrees with Set arithmetic on random lists", () => {
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let round = 0; round < 200; round++) {
      const lists = Array.from({ length: 1 + rand(6) }, () =>
        [...new Set(Array.from({ length: rand(50) }, () => rand(100)))].sort((x, y) => x - y)
      )
      const ps = lists.map((l) => P(...l))
      const all = [...new Set(lists.flat())].sort((x, y) => x - y)
      const inAll = all.filter((x) => lists.every((l) => l.includes(x)))
      expect(L(merge(ps))).toEqual(all)
      expect(L(intersectAll(ps))).toEqual(inAll)
      expect(L(without(ps[0], merge(ps.slice(1))))).toEqual(
        lists[0].filter((x) => !lists.slice(1).some((l) => l.includes(x)))
      )
      expect(isSortedPostings(merge(ps))).toBe(true)
    }
  })
})
