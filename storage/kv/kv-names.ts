/**
 * Which bucket names, keys and TTLs the KV seam accepts: JetStream KV's rules, applied by both
 * stores so that a name that works in one works in the other. Plain code; it opens nothing.
 */

/** Why `key` is not a valid KV key, or undefined when it is. */
export const invalidKeyReason = (key: string): string | undefined => {
  if (key === "") return "the key is empty"
  const bad = /[^-/=.\w]/.exec(key)
  if (bad)
    return `character ${JSON.stringify(bad[0])} at position ${bad.index + 1} is not one of A-Z a-z 0-9 _ - / = .`
  if (key.startsWith(".") || key.endsWith(".")) return "the key starts or ends with '.'"
  if (key.includes("..")) return "the key has an empty '.'-separated token"
  return undefined
}

/** Why `name` is not a valid bucket name, or undefined when it is. */
export const invalidBucketReason = (name: string): string | undefined => {
  if (name === "") return "the name is empty"
  const bad = /[^-\w]/.exec(name)
  return bad
    ? `character ${JSON.stringify(bad[0])} at position ${bad.index + 1} is not one of A-Z a-z 0-9 _ -`
    : undefined
}

/** Throws (a caller bug: keys are built by code, not typed by users) on an invalid key. */
export const assertKey = (bucket: string, key: string): void => {
  const why = invalidKeyReason(key)
  if (why !== undefined)
    throw new Error(`invalid kv key ${JSON.stringify(key)} in bucket "${bucket}": ${why}`)
}

/** Throws on an invalid bucket name or TTL. */
export const assertBucket = (name: string, ttlMs: number): void => {
  const why = invalidBucketReason(name)
  if (why !== undefined) throw new Error(`invalid kv bucket name ${JSON.stringify(name)}: ${why}`)
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 0) {
    throw new Error(`invalid kv bucket "${name}" ttlMs ${ttlMs}: expected a whole number of ms >= 0`)
  }
}
