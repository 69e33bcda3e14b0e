/**
 * vitest globalSetup: one nats-server (JetStream) and one s3rver per run, their addresses handed to
 * tests through `inject()` and the environment. Uses testcontainers only when asked to
 * (TEST_USE_CONTAINERS=1) and a Docker engine answers; otherwise the local binaries.
 */
import { existsSync } from "node:fs"
import type {} from "vitest"
import type { TestProject } from "vitest/node"
import { startNats, startS3rver } from "./servers.ts"

declare module "vitest" {
  export interface ProvidedContext {
    natsUrl: string
    s3Endpoint: string
    s3Bucket: string
  }
}

const dockerReachable = async (): Promise<boolean> => {
  if (!process.env.DOCKER_HOST && !existsSync("/var/run/docker.sock")) return false
  const tc = await import("testcontainers")
  return tc.getContainerRuntimeClient().then(
    () => true,
    () => false
  )
}

export default async function setup(project: TestProject) {
  const stops: Array<() => Promise<unknown>> = []
  let natsUrl = process.env.TEST_NATS_URL
  if (!natsUrl && process.env.TEST_USE_CONTAINERS === "1" && (await dockerReachable())) {
    const { GenericContainer, Wait } = await import("testcontainers")
    const c = await new GenericContainer("nats:2.10")
      .withCommand(["-js"])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start()
    natsUrl = `nats://${c.getHost()}:${c.getMappedPort(4222)}`
    stops.push(() => c.stop())
  }
  if (!natsUrl) {
    const n = await startNats()
    natsUrl = n.url
    stops.push(n.stop)
  }
  const bucket = "vesta-test"
  const s3 = await startS3rver(bucket)
  stops.push(s3.stop)
  project.provide("natsUrl", natsUrl)
  project.provide("s3Endpoint", s3.url)
  project.provide("s3Bucket", bucket)
  process.env.NATS_URL = natsUrl
  process.env.S3_ENDPOINT = s3.url
  return async () => {
    for (const stop of stops.reverse()) await stop()
  }
}
