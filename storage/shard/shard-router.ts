/**
 * The write side of sharded ingest: each series goes to shard `hash(labels) % shards`; one
 * request's samples become one protobuf batch (a remote-write 1.0 `WriteRequest`) per shard,
 * appended to that shard's DurableLog; the commit resolves only when every shard's log acked, so
 * a 2xx means the samples survive the loss of any one process. Validation of order and duplicates
 * is the shard's (it owns the head); this side checks only what needs no state.
 */
import { Effect } from "effect"
import type { SampleAppender } from "../../gateway/remote/write-receiver.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { hashLabels } from "../labels/labels-hash.ts"
import type { DurableLog } from "../log/durable-log.ts"

export const shardOf = (labels: ReadonlyArray<string>, shards: number): number => hashLabels(labels) % shards

interface Pending {
  readonly labels: ReadonlyArray<string>
  readonly timestamps: number[]
  readonly values: number[]
}

/** Splits by shard and appends to the shards' logs. */
export const shardedAppender = (logs: ReadonlyArray<DurableLog>): SampleAppender => ({
  begin: () => {
    const perShard = logs.map(() => new Map<string, Pending>())
    return {
      append: (labels, t, v) => {
        const shard = perShard[shardOf(labels, logs.length)]
        const key = labels.join("\xff")
        let s = shard.get(key)
        if (!s) shard.set(key, (s = { labels, timestamps: [], values: [] }))
        s.timestamps.push(t)
        s.values.push(v)
        return undefined
      },
      commit: async () => {
        await Effect.runPromise(
          Effect.forEach(
            perShard,
            (series, k) =>
              series.size === 0
                ? Effect.void
                : logs[k].append([
                    encodeWriteRequest(
                      [...series.values()].map((s) => ({ ...s, values: Float64Array.from(s.values) }))
                    )
                  ]),
            { concurrency: "unbounded", discard: true }
          )
        )
      }
    }
  }
})
