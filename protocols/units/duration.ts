/**
 * Prometheus durations (`model.Duration`): `1y2w3d4h5m6s7ms` units in descending order, each at
 * most once, or a bare `0`. Used by flags and config files; PromQL has its own lexer rules.
 */

const units: ReadonlyArray<readonly [string, number]> = [
  ["y", 365 * 24 * 3600 * 1000],
  ["w", 7 * 24 * 3600 * 1000],
  ["d", 24 * 3600 * 1000],
  ["h", 3600 * 1000],
  ["m", 60 * 1000],
  ["s", 1000],
  ["ms", 1]
]
const pattern = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/

/** Milliseconds, or a message saying why the string is not a duration. */
export const parseDuration = (s: string): number | string => {
  if (s === "0") return 0
  const m = s === "" ? null : s.match(pattern)
  if (!m) return `not a valid duration string: "${s}"`
  let ms = 0
  for (let i = 0; i < units.length; i++) if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * units[i][1]
  if (!Number.isSafeInteger(ms)) return `duration out of range: "${s}"`
  return ms
}

/** The canonical Prometheus form: largest units first, `0s` for zero. */
export const formatDuration = (ms: number): string => {
  if (ms === 0) return "0s"
  let out = ""
  let rest = ms
  for (const [u, size] of units) {
    // Prometheus prints weeks and years only when they divide exactly (like 1w, 1y).
    if ((u === "y" || u === "w") && rest % size !== 0) continue
    const n = Math.floor(rest / size)
    if (n > 0) {
      out += `${n}${u}`
      rest -= n * size
    }
  }
  return out
}
