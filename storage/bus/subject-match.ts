/**
 * NATS subject rules in plain code: validation of subjects and subscription patterns, and the
 * matching the in-process bus uses (`*` one token, `>` the rest). It does not route anything.
 */

/**
 * Why `subject` is not valid, or undefined when it is. Tokens are `.`-separated, non-empty and
 * without whitespace; `*` and `>` are wildcards only as whole tokens, only in patterns, and `>`
 * only as the last token (NATS treats `a*` as a literal token, and so do we).
 */
export const invalidSubjectReason = (subject: string, pattern: boolean): string | undefined => {
  if (subject === "") return "the subject is empty"
  if (/\s/.test(subject)) return "the subject contains whitespace"
  const tokens = subject.split(".")
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t === "") return `token ${i + 1} is empty`
    if (t !== "*" && t !== ">") continue
    if (!pattern) return `token ${i + 1} is the wildcard "${t}", which only subscriptions may use`
    if (t === ">" && i !== tokens.length - 1) return `token ${i + 1} is ">", which must be the last token`
  }
  return undefined
}

/** Throws (a caller bug: subjects come from protocols/subjects.ts) on an invalid subject. */
export const assertSubject = (subject: string, pattern: boolean): void => {
  const why = invalidSubjectReason(subject, pattern)
  if (why !== undefined) {
    throw new Error(
      `invalid bus ${pattern ? "subscription subject" : "subject"} ${JSON.stringify(subject)}: ${why}`
    )
  }
}

/** Whether a valid pattern matches a valid literal subject. */
export const subjectMatches = (pattern: string, subject: string): boolean => {
  if (pattern === subject) return true
  let pi = 0
  let si = 0
  while (pi < pattern.length) {
    const pEnd = nextDot(pattern, pi)
    const pTok = pattern.slice(pi, pEnd)
    if (si > subject.length) return false
    if (pTok === ">") return pEnd === pattern.length && si < subject.length
    const sEnd = nextDot(subject, si)
    if (si === subject.length) return false
    if (pTok !== "*" && pTok !== subject.slice(si, sEnd)) return false
    pi = pEnd + 1
    si = sEnd + 1
  }
  return si > subject.length
}

const nextDot = (s: string, from: number): number => {
  const i = s.indexOf(".", from)
  return i === -1 ? s.length : i
}
