import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3"
import { connect } from "@nats-io/transport-node"
import { describe, expect, inject, it } from "vitest"
import { s3rverClientConfig } from "./servers.ts"
import { spawnUntil } from "./spawn.ts"

describe("test harness", () => {
  it("hands tests a live nats-server with JetStream", async () => {
    const nc = await connect({ servers: inject("natsUrl") })
    const info = nc.info
    await nc.close()
    expect(info?.jetstream).toBe(true)
  })
  it("hands tests a live S3-compatible server with the bucket", async () => {
    const s3 = new S3Client(s3rverClientConfig(inject("s3Endpoint")))
    const r = await s3.send(new HeadBucketCommand({ Bucket: inject("s3Bucket") }))
    s3.destroy()
    expect(r.$metadata.httpStatusCode).toBe(200)
  })
  it("says how to install a missing binary", async () => {
    await expect(spawnUntil("prometheus-not-installed", [], () => "x")).rejects.toThrow(/install it with/)
  })
})
