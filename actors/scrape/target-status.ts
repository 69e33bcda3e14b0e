/**
 * Helpers for a target's identity and schedule: its scrape URL, and the offset that spreads
 * targets over the interval. The status data itself is in protocols/scrape/target-status.ts.
 */
import { goQueryEscape } from "../http/go-url.ts"

export type { DroppedTarget, TargetStatus } from "../../protocols/scrape/target-status.ts"

/**
 * The scrape URL Prometheus shows: scheme://address/path?query. The query is the config's `params`
 * (every value) with the first value of each replaced by its final `__param_<name>` label, and
 * names only found in labels added; sorted by name and escaped as Go's url.Values.Encode does.
 */
export const scrapeUrl = (
  after: Readonly<Record<string, string>>,
  configParams: Readonly<Record<string, ReadonlyArray<string>>> = {}
): string => {
  const params = new Map<string, string[]>()
  for (const [k, vs] of Object.entries(configParams)) params.set(k, [...vs])
  for (const [k, v] of Object.entries(after)) {
    if (!k.startsWith("__param_")) continue
    const name = k.slice(8)
    const vs = params.get(name)
    if (vs && vs.length > 0) vs[0] = v
    else params.set(name, [v])
  }
  const q = [...params.keys()]
    .sort()
    .flatMap((k) => (params.get(k) ?? []).map((v) => `${goQueryEscape(k)}=${goQueryEscape(v)}`))
    .join("&")
  return `${after.__scheme__ ?? "http"}://${after.__address__}${after.__metrics_path__ ?? "/metrics"}${q ? `?${q}` : ""}`
}

/** FNV-1a 64-bit of a string, for spreading scrape offsets (any stable hash would do). */
export const fnv64 = (s: string): bigint => {
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i))
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h
}

/** The target's phase within the interval: scrapes happen at times ≡ offset (mod interval). */
export const scrapeOffsetMs = (
  labels: Readonly<Record<string, string>>,
  url: string,
  intervalMs: number
): number => {
  const key = `${Object.entries(labels).flat().join("\xff")}\xff${url}`
  return Number(fnv64(key) % BigInt(intervalMs))
}

/** The next scrape time strictly after `nowMs` on the target's grid. */
export const nextScrapeMs = (nowMs: number, offsetMs: number, intervalMs: number): number =>
  offsetMs + (Math.floor((nowMs - offsetMs) / intervalMs) + 1) * intervalMs
