import { describe, expect, it } from "vitest"
import { Buckets, Consumers, Streams, Subjects, tokenProblem } from "./subjects.ts"

describe("subjects and names", () => {
  it.each([
    [() => Subjects.ingest("eu1", 3), "vesta.eu1.ingest.3"],
    [() => Subjects.ingestAll("eu1"), "vesta.eu1.ingest.*"],
    [() => Subjects.scrapeReport("eu1", "node"), "vesta.eu1.scrape.report.node"],
    [() => Subjects.actorEvents("eu1", "rules", "g1"), "vesta.eu1.events.rules.g1"],
    [() => Subjects.actorEventsAll("eu1", "rules"), "vesta.eu1.events.rules.*"],
    [() => Streams.ingest("eu1"), "VESTA_INGEST_eu1"],
    [() => Streams.events("eu1"), "VESTA_EVENTS_eu1"],
    [() => Consumers.ingestShard(0), "ingest-shard-0"],
    [() => Buckets.leases(3000), "vesta_leases_3s"]
  ])("%s", (build, want) => expect(build()).toBe(want))

  it.each([
    [
      () => Subjects.ingest("eu.1", 3),
      'invalid region "eu.1": a subject token must be non-empty without ".", "*", ">" or whitespace'
    ],
    [
      () => Subjects.ingest("", 3),
      'invalid region "": a subject token must be non-empty without ".", "*", ">" or whitespace'
    ],
    [() => Subjects.ingest("eu1", -1), "invalid shard -1: must be a non-negative integer"],
    [() => Subjects.ingest("eu1", 1.5), "invalid shard 1.5: must be a non-negative integer"],
    [
      () => Subjects.scrapeReport("eu1", "my job"),
      'invalid job "my job": a subject token must be non-empty without ".", "*", ">" or whitespace'
    ],
    [
      () => Subjects.actorEvents("eu1", "rules", "a>"),
      'invalid actor key "a>": a subject token must be non-empty without ".", "*", ">" or whitespace'
    ],
    [
      () => Streams.ingest("eu/1"),
      'invalid region "eu/1": must be non-empty without ".", "*", ">", "/", "\\" or whitespace'
    ],
    [() => Buckets.leases(1500), "invalid lease TTL 1500 ms: must be a whole number of seconds, at least 1 s"]
  ])("rejects %s", (build, message) => expect(build).toThrow(message))

  it("reports a bad token as a value for config validation", () => {
    expect(tokenProblem("job", "node")).toBeUndefined()
    expect(tokenProblem("job", "a*b")).toBe(
      'invalid job "a*b": a subject token must be non-empty without ".", "*", ">" or whitespace'
    )
  })
})
