/**
 * Where scraped samples go: the ingest path (embedded head or the sharded durable log). A scrape
 * target actor hands over one batch per scrape and waits for the append to be acknowledged.
 */
import { Context, type Effect, Schema } from "effect"
import type { ScrapeBatch } from "./scrape-core.ts"

export class SampleSinkError extends Schema.TaggedError<SampleSinkError>()("SampleSinkError", {
  reason: Schema.String
}) {
  override get message() {
    return `appending scraped samples failed: ${this.reason}`
  }
}

export class SampleSink extends Context.Service<
  SampleSink,
  {
    /** Appends a batch; succeeds once the samples are durable (or rejected one by one as Prometheus would). */
    readonly append: (batch: ScrapeBatch) => Effect.Effect<void, SampleSinkError>
  }
>()("actors/scrape/SampleSink") {}
