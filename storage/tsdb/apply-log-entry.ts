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
import type { Labels } from "../labels/labels.ts"

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
  outOfOrder = true,
  exemplar?: ExemplarSink
): Applied | string => {
  const window = head.outOfOrderTimeWindowMs
  if (window > 0 && !outOfOrder) head.outOfOrderTimeWindowMs = 0
  try {
    return apply(head, data, floor, window > 0 && outOfOrder, exemplar)
  } finally {
    head.outOfOrderTimeWindowMs = window
  }
}

/** Receives the exemplars of a log entry on replay (series and exemplar labels as flat pairs, ts in ms). */
export type ExemplarSink = (series: Labels, labels: Labels, value: number, ts: number) => void

const apply = (
  head: Head,
  data: Uint8Array,
  floor: number,
  outOfOrder: boolean,
  exemplar: ExemplarSink | undefined
): Applied | string => {
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
  const withExemplars = exemplar !== undefined && d.exemplarCount > 0
  const labelsOf: Array<Labels | undefined> = withExemplars ? new Array(d.seriesCount) : []
  for (let i = 0; i < d.seriesCount; i++) {
    const l0 = labelStart[i]
    const flat: string[] = new Array(labelStart[i + 1] - l0)
    for (let k = 0; k < flat.length; k++) flat[k] = symbols[labelRefs[l0 + k]]
    const labels = normalizeLabels(flat)
    if (typeof labels === "string" || !hasMetricName(labels)) continue
    let series: MemSeries | undefined
    if (histograms) seriesOf[i] = series = head.getOrCreate(labels)
    // An entry of exemplars alone (no samples) holds only stored ones; a request logged as received
    // had the exemplars of series without samples dropped, as the receiver does.
    if (withExemplars && (sampleStart[i + 1] > sampleStart[i] || sampleStart[d.seriesCount] === 0))
      labelsOf[i] = labels
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
  if (withExemplars)
    for (let j = 0; j < d.exemplarCount; j++) {
      const labels = labelsOf[d.exemplarSeries[j]]
      if (labels !== undefined)
        exemplar(labels, d.exemplarLabels(j), d.exemplarValues[j], d.exemplarTimestampsMs[j])
    }
  return { samples, maxT, outOfOrder: head.stats.outOfOrderAppended !== oooBefore }
}
