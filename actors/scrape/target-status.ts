/**
 * Helpers for a target's identity and schedule: its scrape URL, and the offset that spreads
 * targets over the interval. The status data itself is in protocols/scrape/target-status.ts.
 */
export type { DroppedTarget, TargetStatus } from "../../protocols/scrape/target-status.ts"

/** The scrape URL Prometheus shows: scheme://address/path?params from the final `__` labels. */
export const scrapeUrl = (after: Readonly<Record<string, string>>): string => {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(after)) if (k.startsWith("__param_")) params.append(k.slice(8), v)
  const q = params.toString()
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
