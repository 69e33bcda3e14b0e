/** Go's time.Duration formatting, as promtool prints block durations. */

/** Go's time.Duration String() for whole milliseconds: 1h29m45.001s, 59m54.772s, 0s. */
export const goDuration = (ms: number): string => {
  if (ms === 0) return "0s"
  const sign = ms < 0 ? "-" : ""
  let rest = Math.abs(ms)
  const h = Math.floor(rest / 3600_000)
  rest -= h * 3600_000
  const m = Math.floor(rest / 60_000)
  rest -= m * 60_000
  const s = Math.floor(rest / 1000)
  const frac = rest - s * 1000
  const secs = frac === 0 ? `${s}` : `${s}.${String(frac).padStart(3, "0").replace(/0+$/, "")}`
  if (h === 0 && m === 0 && s === 0) return `${sign}${frac}ms`
  return `${sign}${h > 0 ? `${h}h` : ""}${h > 0 || m > 0 ? `${m}m` : ""}${secs}s`
}
