/**
 * S3's ListObjectsV2 paging rules as a pure function over keys already sorted in byte order: prefix,
 * delimiter roll-up into common prefixes, startAfter, maxKeys and continuation tokens. Used by the
 * filesystem and memory stores so both page exactly alike; it does no I/O.
 */
import { compareKeys } from "./object-store.ts"

export interface KeyPage {
  readonly keys: ReadonlyArray<string>
  readonly commonPrefixes: ReadonlyArray<string>
  readonly continuationToken?: string
}

interface Resume {
  /** Only keys strictly after this one. */
  readonly after?: string
  /** The previous page ended on this common prefix: skip every key under it. */
  readonly skipPrefix?: string
}

// Tokens are "k<key>" (resume after a key) or "p<prefix>" (resume after a common prefix).
const decodeToken = (token: string): Resume | undefined =>
  token.startsWith("k")
    ? { after: token.slice(1) }
    : token.startsWith("p")
      ? { after: token.slice(1), skipPrefix: token.slice(1) }
      : undefined

/**
 * One page of `sortedKeys` (every key starts with `prefix`, byte order, no duplicates). Returns
 * undefined when `continuationToken` is not one this function made.
 */
export const pageOfKeys = (
  sortedKeys: Iterable<string>,
  prefix: string,
  options: { delimiter?: string; startAfter?: string; continuationToken?: string },
  maxKeys: number
): KeyPage | undefined => {
  const resume: Resume | undefined =
    options.continuationToken !== undefined
      ? decodeToken(options.continuationToken)
      : { after: options.startAfter }
  if (resume === undefined) return undefined
  const { delimiter } = options
  const keys: string[] = []
  const commonPrefixes: string[] = []
  let last: { key: string; isPrefix: boolean } | undefined
  for (const key of sortedKeys) {
    if (resume.after !== undefined && compareKeys(key, resume.after) <= 0) continue
    if (resume.skipPrefix !== undefined && key.startsWith(resume.skipPrefix)) continue
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1
    const common = at >= 0 ? key.slice(0, at + (delimiter as string).length) : undefined
    // Keys sharing a common prefix are adjacent in byte order, so comparing with the last entry suffices.
    if (common !== undefined && last?.isPrefix && last.key === common) continue
    if (keys.length + commonPrefixes.length === maxKeys) {
      const token = last === undefined ? undefined : `${last.isPrefix ? "p" : "k"}${last.key}`
      return { keys, commonPrefixes, continuationToken: token }
    }
    if (common !== undefined) {
      commonPrefixes.push(common)
      last = { key: common, isPrefix: true }
    } else {
      keys.push(key)
      last = { key, isPrefix: false }
    }
  }
  return { keys, commonPrefixes }
}
