/**
 * Applies one write-ahead or shard log entry (a remote-write 1.0 WriteRequest, protocols/remote/
 * log-entry.ts) to a head, under the receiver's label rules and Prometheus's append rules, skipping
 * samples below `floor` (already in a block). Replay and the shard replicas share it, so a log
 * replays into the head the live path built.
 *
 * With an out-of-order window, `outOfOrder` says whether the entry may hold out-of-order samples
 * the head still needs (not yet flushed into blocks): then samples below the floor within the
 * window are taken again as out-of-order data (one already in a block comes back once more, and
 * merges away in queries and vertical compaction); otherwise only in-order samples are taken.
 */
import { hasMetricName, normalizeLabels } from "../../protocols/remote/label-set.ts"
import { entryWriteRequest } from "../../protocols/remote/log-entry.ts"
import { DecodeError, WriteRequestDecoder } from "../../protocols/remote/write-request-decoder.ts"
import type { Head, MemSeries } from "../head/head.ts"
import { floatHistogramOf } from "../head/remote-histogram.ts"

export interface Applied {
  /** Samples the head took. */
  readonly samples: number
  /** Newest sample time in the entry (taken or not), for the log's purge marks. */
  readonly maxT: number
  /** Whether some samples went into out-of-order storage. */
  readonly outOfOrder: boolean
}

const shared = new WriteRequestDecoder()

/** What the entry added, or why it cannot be read. */
export const applyLogEntry = (
  head: Head,
  data: Uint8Array,
  floor: number,
  outOfOrder = true
): Applied | string => {
  const window = head.outOfOrderTimeWindowMs
  if (window > 0 && !outOfOrder) head.outOfOrderTimeWindowMs = 0
  try {
    return apply(head, data, floor, window > 0 && outOfOrder)
  } finally {
    head.outOfOrderTimeWindowMs = window
  }
}

const apply = (head: Head, data: Uint8Array, floor: number, outOfOrder: boolean): Applied | string => {
  const body = entryWriteRequest(data)
  if (typeof body === "string") return body
  const d = shared.decode(body)
  if (d instanceof DecodeError) return d.message
  const oooBefore = head.stats.outOfOrderAppended
  let samples = 0
  let maxT = Number.NEGATIVE_INFINITY
  const { symbols, labelRefs, labelStart, sampleStart, timestampsMs, values } = d
  const histograms = d.histograms.length > 0
  const seriesOf: Array<MemSeries | undefined> = histograms ? new Array(d.seriesCount) : []
  for (let i = 0; i < d.seriesCount; i++) {
    const l0 = labelStart[i]
    const flat: string[] = new Array(labelStart[i + 1] - l0)
    for (let k = 0; k < flat.length; k++) flat[k] = symbols[labelRefs[l0 + k]]
    const labels = normalizeLabels(flat)
    if (typeof labels === "string" || !hasMetricName(labels)) continue
    let series: MemSeries | undefined
    if (histograms) seriesOf[i] = series = head.getOrCreate(labels)
    for (let j = sampleStart[i]; j < sampleStart[i + 1]; j++) {
      const t = timestampsMs[j]
      if (t > maxT) maxT = t
      if (t < floor || t < head.minValidTime) {
        // Older than the window: gone for good (not counted as refused again).
        if (!outOfOrder || t < head.maxTime - head.outOfOrderTimeWindowMs) continue
        series ??= head.getOrCreate(labels)
        if (head.appendBelowBounds(labels, series, t, values[j]) === undefined) samples++
        continue
      }
      series ??= head.getOrCreate(labels)
      if (head.appendTo(series, t, values[j]) === undefined) samples++
    }
  }
  for (const dh of d.histograms) {
    const series = seriesOf[dh.seriesIndex]
    const t = dh.timestampMs
    if (series === undefined) continue
    if (t > maxT) maxT = t
    const h = floatHistogramOf(dh)
    if (typeof h === "string" || t < floor || t < head.minValidTime) continue
    if (head.appendHistogramTo(series, t, h) === undefined) samples++
  }
  return { samples, maxT, outOfOrder: head.stats.outOfOrderAppended !== oooBefore }
}
