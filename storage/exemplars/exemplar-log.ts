/**
 * Exemplars in the write-ahead log: a remote-write 1.0 WriteRequest whose TimeSeries carry labels
 * (field 1) and exemplars (field 3: labels 1, value 2 as double, timestamp 3 as int64) and no
 * samples. Replay (storage/tsdb/apply-log-entry.ts) reads it back with the request decoder.
 */
import { encodeWriteRequest, noValues } from "../../protocols/remote/write-request-encoder.ts"
import type { Labels } from "../labels/labels.ts"

export interface LoggedExemplar {
  readonly series: Labels
  readonly labels: Labels
  readonly value: number
  readonly ts: number
}

export const encodeExemplarRequest = (items: ReadonlyArray<LoggedExemplar>): Uint8Array =>
  encodeWriteRequest(
    items.map((it) => ({
      labels: it.series,
      timestamps: [],
      values: noValues,
      exemplars: [{ labels: it.labels, value: it.value, timestampMs: it.ts }]
    }))
  )
