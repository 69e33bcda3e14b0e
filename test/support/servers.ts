/**
 * Real servers for tests: nats-server with JetStream and s3rver (an S3-compatible server from npm),
 * each on an ephemeral loopback port with a temp directory, stopped by PID. Tests that need their
 * own server (restart, kill -9) call these directly; everything else uses the shared ones from
 * global-setup.ts.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { findBinary, type Spawned, spawnUntil } from "./spawn.ts"

export interface RunningServer {
  readonly url: string
  readonly pid: number
  readonly dir: string
  readonly stop: () => Promise<void>
}

/** nats-server -js on 127.0.0.1; pass `port` to restart on the same address, `dir` to keep the store. */
export const startNats = async (options: { port?: number; dir?: string } = {}): Promise<RunningServer> => {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "vesta-nats-"))
  const bin = findBinary("nats-server", "NATS_SERVER_BIN")
  const s: Spawned = await spawnUntil(
    bin,
    ["-js", "-a", "127.0.0.1", "-p", String(options.port ?? -1), "-sd", dir],
    (l) => (l.match(/Server is ready/) ? "ready" : undefined)
  ).catch((e) => {
    if (!options.dir) rmSync(dir, { recursive: true, force: true })
    throw e
  })
  const address = s.log().match(/Listening for client connections on (\S+)/)?.[1]
  if (!address) throw new Error(`nats-server: no client address in its log\n${s.log()}`)
  return {
    url: `nats://${address}`,
    pid: s.pid,
    dir,
    stop: async () => {
      await s.stop()
      if (!options.dir) rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** s3rver with one bucket; `--openssl-legacy-provider` because its continuation tokens use DES. */
export const startS3rver = async (
  bucket: string,
  options: { port?: number; dir?: string } = {}
): Promise<RunningServer> => {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "vesta-s3rver-"))
  const bin = createRequire(import.meta.url).resolve("s3rver/bin/s3rver.js")
  const s = await spawnUntil(
    process.execPath,
    [
      "--openssl-legacy-provider",
      bin,
      "-d",
      dir,
      "-a",
      "127.0.0.1",
      "-p",
      String(options.port ?? 0),
      "--configure-bucket",
      bucket
    ],
    (l) => l.match(/S3rver listening on (\S+)/)?.[1]
  ).catch((e) => {
    if (!options.dir) rmSync(dir, { recursive: true, force: true })
    throw e
  })
  return {
    url: `http://${s.value}`,
    pid: s.pid,
    dir,
    stop: async () => {
      await s.stop()
      if (!options.dir) rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** The S3 client settings every test uses against s3rver (see shared/guides/test-infra.md §2). */
export const s3rverClientConfig = (endpoint: string) => ({
  endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  requestChecksumCalculation: "WHEN_REQUIRED" as const,
  responseChecksumValidation: "WHEN_REQUIRED" as const,
  maxAttempts: 1
})
