/**
 * Parses the values of `--storage.tsdb.retention.time` and `--storage.tsdb.retention.size` as the
 * Prometheus server does (checked against the `prometheus` 2.42 binary, see the test):
 *
 * - time: `[Ny][Nw][Nd][Nh][Nm][Ns][Nms]`, each unit at most once and in that order, whole
 *   numbers only, lower-case units; `0` alone is allowed; 1y = 365d, 1w = 7d. Result in ms.
 * - size: an optional sign, then one or more `<number><unit>` terms (`512MB`, `1GB512MB`, `.5GB`,
 *   `1.5GB`); units B, KB, MB, GB, TB, PB, EB (or KiB … EiB, the same values, not mixed with the
 *   former in one value) as powers of 1024, case-sensitive; a unit is required. Result in whole
 *   bytes (fractions truncated).
 *
 * A bad value throws RetentionFlagError with a message in Prometheus's words. Pure functions.
 */

export class RetentionFlagError extends Error {
  override readonly name = "RetentionFlagError"
}

const timeUnits: ReadonlyArray<readonly [string, number]> = [
  ["y", 365 * 24 * 3600_000],
  ["w", 7 * 24 * 3600_000],
  ["d", 24 * 3600_000],
  ["h", 3600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1]
]

const durationPattern = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/

/** Largest duration Go's time.Duration holds (int64 nanoseconds), in ms. */
const maxDurationMs = Math.floor((2 ** 63 - 1) / 1e6)

/** Milliseconds of a Prometheus duration (`15d`, `2h30m`, `1y`, `0`). */
export const parseRetentionTime = (s: string): number => {
  if (s === "") throw new RetentionFlagError("empty duration string")
  if (s === "0") return 0
  const m = durationPattern.exec(s)
  if (m === null) throw new RetentionFlagError(`not a valid duration string: ${JSON.stringify(s)}`)
  let ms = 0
  for (let i = 0; i < timeUnits.length; i++) {
    const n = m[i + 1]
    if (n !== undefined) ms += Number(n) * timeUnits[i][1]
  }
  if (!(ms <= maxDurationMs)) throw new RetentionFlagError("duration out of range")
  return ms
}

const sizeUnits = (suffix: string): Readonly<Record<string, number>> => ({
  B: 1,
  [`K${suffix}`]: 1024,
  [`M${suffix}`]: 1024 ** 2,
  [`G${suffix}`]: 1024 ** 3,
  [`T${suffix}`]: 1024 ** 4,
  [`P${suffix}`]: 1024 ** 5,
  [`E${suffix}`]: 1024 ** 6
})

/** Prometheus tries the `KB` family, then the `KiB` family; one value cannot mix them. */
const unitFamilies = [sizeUnits("B"), sizeUnits("iB")]

/** One term: digits with an optional fraction (at least one digit), then letters. */
const termPattern = /^(\d*\.?\d*)([A-Za-z]*)/

const parseSize = (s: string, units: Readonly<Record<string, number>>): number => {
  let rest = s
  let sign = 1
  if (rest.startsWith("+") || rest.startsWith("-")) {
    if (rest[0] === "-") sign = -1
    rest = rest.slice(1)
  }
  if (rest === "0") return 0
  if (rest === "" || !/^[0-9.]/.test(rest)) throw new RetentionFlagError(`invalid ${s}`)
  let total = 0
  while (rest !== "") {
    const m = termPattern.exec(rest)
    const number = m?.[1] ?? ""
    if (number === "" || number === ".") throw new RetentionFlagError(`invalid ${s}`)
    const unit = m?.[2] ?? ""
    const after = rest.slice(number.length + unit.length)
    const factor = units[unit]
    if (factor === undefined) {
      // Prometheus names the characters up to the next digit as the unknown unit.
      const bad = /^[^0-9.]*/.exec(rest.slice(number.length))?.[0] ?? ""
      throw new RetentionFlagError(`unknown unit ${bad} in ${s}`)
    }
    // Prometheus's check: the whole part of a term may not exceed 2^63 / unit; the sum may reach
    // 2^63 (which Go then wraps negative: "no limit", the same effect as a huge limit here).
    if (Math.trunc(Number(number)) > Math.floor(2 ** 63 / factor))
      throw new RetentionFlagError("overflow parsing unit")
    total += Number(number) * factor
    if (total > 2 ** 63) throw new RetentionFlagError("overflow parsing unit")
    rest = after
  }
  return sign * Math.trunc(total)
}

/** Bytes of a Prometheus size (`512MB`, `1GB`, `1.5GB`); 0 or less means "no size limit". */
export const parseRetentionSize = (s: string): number => {
  try {
    return parseSize(s, unitFamilies[0])
  } catch (first) {
    try {
      return parseSize(s, unitFamilies[1])
    } catch {
      throw first
    }
  }
}
