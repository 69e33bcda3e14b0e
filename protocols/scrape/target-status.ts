/**
 * What `/api/v1/targets` shows about each target: written by scrape actors, read by the gateway
 * (in-process today; through KV in distributed mode). Plain data; times are ms since the epoch.
 */

export interface TargetStatus {
  readonly scrapePool: string
  readonly scrapeUrl: string
  readonly labels: Readonly<Record<string, string>>
  readonly discoveredLabels: Readonly<Record<string, string>>
  readonly health: "up" | "down" | "unknown"
  readonly lastError: string
  readonly lastScrapeMs: number | undefined
  readonly lastScrapeDurationSeconds: number
  readonly scrapeIntervalMs: number
  readonly scrapeTimeoutMs: number
  /** Metric metadata (TYPE/HELP/UNIT) of the last successful scrape. */
  readonly metadata: ReadonlyArray<TargetMetadata>
}

export interface TargetMetadata {
  readonly metric: string
  readonly type: string
  readonly help: string
  readonly unit: string
}

export interface DroppedTarget {
  readonly scrapePool: string
  readonly discoveredLabels: Readonly<Record<string, string>>
}

export interface TargetsSnapshot {
  readonly active: ReadonlyArray<TargetStatus>
  readonly dropped: ReadonlyArray<DroppedTarget>
}
