/**
 * Exemplar storage as Prometheus keeps it with `--enable-feature=exemplar-storage`: one fixed-size
 * circular buffer of `max_exemplars` exemplars shared by all series; each slot links to the next
 * exemplar of the same series, and a per-series index holds the oldest and newest slot. A new
 * exemplar overwrites the oldest slot of the whole buffer (whichever series owned it).
 *
 * Append rules (black-box behaviour of Prometheus 2.42): an exemplar whose labels (names and values)
 * exceed 128 UTF-8 characters is refused; one equal to its series' newest (labels, value and
 * timestamp) is a silent no-op; one not newer than its series' newest is refused as out of order.
 * A capacity of 0 disables storage (appends are dropped, queries answer nothing).
 */
import { type Labels, labelsEqual } from "../labels/labels.ts"
import { type Matcher, matchesAll } from "../labels/matcher.ts"

export interface Exemplar {
  readonly labels: Labels
  readonly value: number
  /** Milliseconds since the epoch. */
  readonly ts: number
}

export interface SeriesExemplars {
  readonly seriesLabels: Labels
  readonly exemplars: ReadonlyArray<Exemplar>
}

/** The most characters (code points) the names and values of an exemplar's labels may hold. */
export const exemplarMaxLabelSetLength = 128

export type AppendResult = "appended" | "duplicate" | "out-of-order" | "label-length" | "disabled"

export const exemplarErrorText = (r: AppendResult): string | undefined => {
  switch (r) {
    case "out-of-order":
      return "out of order exemplar"
    case "label-length":
      return `label set of exemplar exceeds maximum length of ${exemplarMaxLabelSetLength} UTF-8 characters`
    default:
      return undefined
  }
}

interface Slot {
  ex: Exemplar
  series: SeriesIndex
  /** Slot of the next (newer) exemplar of the same series, -1 for none. */
  next: number
}

interface SeriesIndex {
  readonly key: string
  readonly labels: Labels
  oldest: number
  newest: number
}

const seriesKey = (l: Labels): string => l.join("\xff")

const codePoints = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    // a high surrogate followed by a low one counts once
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

export const exemplarLabelSetLength = (l: Labels): number => {
  let n = 0
  for (const s of l) n += codePoints(s)
  return n
}

export interface ExemplarStats {
  /** prometheus_tsdb_exemplar_exemplars_appended_total */
  readonly appended: number
  /** prometheus_tsdb_exemplar_exemplars_in_storage */
  readonly inStorage: number
  /** prometheus_tsdb_exemplar_series_with_exemplars_in_storage */
  readonly seriesInStorage: number
  /** Newest stored exemplar's time (ms; 0 when none). */
  readonly lastTimestampMs: number
  /** prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds: the oldest stored (ms; 0 when none) */
  readonly oldestTimestampMs: number
  /** prometheus_tsdb_exemplar_max_exemplars */
  readonly maxExemplars: number
}

export class ExemplarStore {
  private slots: Array<Slot | undefined>
  private nextSlot = 0
  private readonly index = new Map<string, SeriesIndex>()
  private appended = 0
  private count = 0

  constructor(maxExemplars: number) {
    this.slots = new Array<Slot | undefined>(Math.max(0, Math.floor(maxExemplars))).fill(undefined)
  }

  get capacity(): number {
    return this.slots.length
  }

  /** Checks an exemplar against the append rules without storing it. */
  validate(series: Labels, ex: Exemplar): AppendResult {
    if (this.slots.length === 0) return "disabled"
    if (exemplarLabelSetLength(ex.labels) > exemplarMaxLabelSetLength) return "label-length"
    const idx = this.index.get(seriesKey(series))
    if (idx === undefined) return "appended"
    const newest = (this.slots[idx.newest] as Slot).ex
    if (newest.ts === ex.ts && sameValue(newest.value, ex.value) && labelsEqual(newest.labels, ex.labels)) {
      return "duplicate"
    }
    if (ex.ts <= newest.ts) return "out-of-order"
    return "appended"
  }

  /**
   * Stores the exemplar when the rules let it in. A refused one is not counted anywhere: 2.42
   * refuses at append time and leaves prometheus_tsdb_exemplar_out_of_order_exemplars_total at 0.
   */
  append(series: Labels, ex: Exemplar): AppendResult {
    const r = this.validate(series, ex)
    if (r !== "appended") return r
    this.put(series, ex)
    this.appended++
    return r
  }

  private put(series: Labels, ex: Exemplar): void {
    const at = this.nextSlot
    const old = this.slots[at]
    if (old !== undefined) {
      // evict the oldest exemplar of the buffer from its series
      const s = old.series
      if (old.next === -1) this.index.delete(s.key)
      else s.oldest = old.next
      this.count--
    }
    const key = seriesKey(series)
    let idx = this.index.get(key)
    if (idx === undefined) {
      idx = { key, labels: series, oldest: at, newest: at }
      this.index.set(key, idx)
    } else {
      ;(this.slots[idx.newest] as Slot).next = at
      idx.newest = at
    }
    this.slots[at] = { ex, series: idx, next: -1 }
    this.count++
    this.nextSlot = (at + 1) % this.slots.length
  }

  /**
   * Series matching any of the matcher sets that hold exemplars in [startMs, endMs], each with its
   * exemplars oldest first; series sorted by their labels.
   */
  select(
    startMs: number,
    endMs: number,
    matcherSets: ReadonlyArray<ReadonlyArray<Matcher>>
  ): SeriesExemplars[] {
    const out: SeriesExemplars[] = []
    for (const idx of this.index.values()) {
      if (!matcherSets.some((ms) => matchesAll(ms, idx.labels))) continue
      const exemplars: Exemplar[] = []
      for (let i = idx.oldest; i !== -1; ) {
        const s = this.slots[i] as Slot
        if (s.ex.ts > endMs) break
        if (s.ex.ts >= startMs) exemplars.push(s.ex)
        i = s.next
      }
      if (exemplars.length > 0) out.push({ seriesLabels: idx.labels, exemplars })
    }
    return out.sort((a, b) => (a.seriesLabels.join("\xff") < b.seriesLabels.join("\xff") ? -1 : 1))
  }

  /**
   * Changes the capacity (config reload of `storage.exemplars.max_exemplars`): the newest
   * min(stored, new capacity) exemplars are kept, in their order; 0 drops everything.
   */
  resize(maxExemplars: number): void {
    const n = Math.max(0, Math.floor(maxExemplars))
    if (n === this.slots.length) return
    const kept: Array<{ series: Labels; ex: Exemplar }> = []
    const len = this.slots.length
    for (let k = 0; k < len; k++) {
      const s = this.slots[(this.nextSlot + k) % len]
      if (s !== undefined) kept.push({ series: s.series.labels, ex: s.ex })
    }
    this.slots = new Array<Slot | undefined>(n).fill(undefined)
    this.nextSlot = 0
    this.count = 0
    this.index.clear()
    if (n === 0) return
    for (const k of kept.slice(Math.max(0, kept.length - n))) this.put(k.series, k.ex)
  }

  stats(): ExemplarStats {
    let last = 0
    let oldest = 0
    if (this.count > 0) {
      const len = this.slots.length
      last = (this.slots[(this.nextSlot - 1 + len) % len] as Slot).ex.ts
      oldest = (this.slots[this.nextSlot] ?? (this.slots[0] as Slot)).ex.ts
    }
    return {
      appended: this.appended,
      inStorage: this.count,
      seriesInStorage: this.index.size,
      lastTimestampMs: last,
      oldestTimestampMs: oldest,
      maxExemplars: this.slots.length
    }
  }
}

const sameValue = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b))
