/**
 * The write side of sharded ingest: each series goes to shard `hash(labels) % shards`; one
 * request's samples become one protobuf batch (a remote-write 1.0 `WriteRequest`) per shard,
 * appended to that shard's DurableLog; the commit resolves only when every shard's log acked, so
 * a 2xx means the samples survive the loss of any one process. Validation of order and duplicates
 * is the shard's (it owns the head); this side checks only what needs no state.
 */
import { Effect } from "effect"
import { type SampleAppender, SlotMemos } from "../../gateway/remote/write-receiver.ts"
import { SampleRanges } from "../../protocols/remote/sample-ranges.ts"
import {
  type EncodeSeries,
  encodeLabelFields,
  encodeWriteRequest
} from "../../protocols/remote/write-request-encoder.ts"
import { histogramMessage } from "../head/remote-histogram.ts"
import { hashLabels } from "../labels/labels-hash.ts"
import type { DurableLog } from "../log/durable-log.ts"

export const shardOf = (labels: ReadonlyArray<string>, shards: number): number => hashLabels(labels) % shards

/**
 * One batch, or several when one would pass the log's entry limit (JetStream's is about 1 MiB):
 * halves until each fits; appended in one call, so they stay contiguous and in order.
 */
export const encodeBatches = (series: ReadonlyArray<EncodeSeries>, maxBytes: number): Uint8Array[] => {
  const whole = encodeWriteRequest(series)
  if (whole.length <= maxBytes || series.length <= 1) return [whole]
  const mid = Math.ceil(series.length / 2)
  return [...encodeBatches(series.slice(0, mid), maxBytes), ...encodeBatches(series.slice(mid), maxBytes)]
}

/** Splits by shard and appends to the shards' logs. */
export const shardedAppender = (logs: ReadonlyArray<DurableLog>): SampleAppender => {
  // A scraped series' shard and encoded labels, kept in its slot.
  const memos = new SlotMemos((labels) => ({
    shard: shardOf(labels, logs.length),
    labelBytes: encodeLabelFields(labels)
  }))
  return {
    begin: () => {
      const perShard = logs.map(() => new SampleRanges())
      return {
        append: (labels, ts, vs, from, to, _reject, slot) => {
          if (slot === undefined) perShard[shardOf(labels, logs.length)].add(labels, ts, vs, from, to)
          else {
            const m = memos.of(labels, slot)
            perShard[m.shard].add(labels, ts, vs, from, to, m.labelBytes)
          }
        },
        appendHistogram: (labels, t, h, _reject, slot) => {
          const shard = slot === undefined ? shardOf(labels, logs.length) : memos.of(labels, slot).shard
          perShard[shard].addHistogram(labels, histogramMessage(t, h))
        },
        commit: () =>
          Effect.runPromise(
            Effect.forEach(
              // Encoded now, while the appended arrays are as they were.
              perShard.map((ranges, k) =>
                ranges.samples === 0 ? [] : encodeBatches(ranges.toSeries(), logs[k].entryMaxBytes)
              ),
              (entries, k) => (entries.length === 0 ? Effect.void : logs[k].append(entries)),
              { concurrency: "unbounded", discard: true }
            )
          )
      }
    }
  }
}
