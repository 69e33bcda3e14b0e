/**
 * The real peers for differential tests and benches: Debian's prometheus, alertmanager,
 * pushgateway and node-exporter, each on 127.0.0.1 with an ephemeral port (learned from its
 * "Listening on" log line) and a temp directory, stopped by PID. A missing binary fails with the
 * apt command that installs it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { findBinary, type Spawned, spawnUntil } from "./spawn.ts"

export interface Peer {
  /** e.g. "http://127.0.0.1:41234" */
  readonly baseUrl: string
  readonly pid: number
  readonly dir: string
  readonly log: () => string
  readonly stop: () => Promise<void>
}

/** Go servers built with exporter-toolkit log `msg="Listening on" address=127.0.0.1:PORT`. */
const listeningOn = (l: string) => l.match(/msg="Listening on" address=(\S+)/)?.[1]

const startPeer = async (
  binary: string,
  args: (dir: string) => ReadonlyArray<string>,
  options: { setup?: (dir: string) => void; timeoutMs?: number } = {}
): Promise<Peer> => {
  const dir = mkdtempSync(join(tmpdir(), `vesta-peer-${binary}-`))
  options.setup?.(dir)
  let s: Spawned
  try {
    s = await spawnUntil(findBinary(binary), args(dir), listeningOn, {
      timeoutMs: options.timeoutMs ?? 20_000
    })
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  return {
    baseUrl: `http://${s.value}`,
    pid: s.pid,
    dir,
    log: s.log,
    stop: async () => {
      await s.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export interface PrometheusOptions {
  /** prometheus.yml contents; the default scrapes nothing. */
  readonly config?: string
  /** Extra flags, e.g. "--web.enable-remote-write-receiver", "--web.enable-admin-api". */
  readonly flags?: ReadonlyArray<string>
  /** Files to write into the peer's directory before start (rule files, SD files). */
  readonly files?: Readonly<Record<string, string>>
  /** An existing TSDB directory to open (e.g. blocks made by promtool); default a fresh one. */
  readonly dataDir?: string
  /** Wait for `/-/ready` over plain HTTP (default); off for TLS or basic-auth setups. */
  readonly waitReady?: boolean
}

/** Polls `/-/ready` until the server answers 200 (Prometheus serves 503 while its TSDB opens). */
const waitReady = async (p: Peer, timeoutMs = 30_000): Promise<Peer> => {
  const until = Date.now() + timeoutMs
  for (;;) {
    const ok = await fetch(`${p.baseUrl}/-/ready`).then(
      (r) => r.status === 200,
      () => false
    )
    if (ok) return p
    if (Date.now() > until) {
      await p.stop()
      throw new Error(`${p.baseUrl} not ready after ${timeoutMs} ms\n${p.log()}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Debian `prometheus` (2.42) with its TSDB in a temp dir; resolves once it is ready. */
export const startPrometheus = async (options: PrometheusOptions = {}) => {
  const peer = await startPeer(
    "prometheus",
    (dir) => [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${options.dataDir ?? join(dir, "data")}`,
      "--web.listen-address=127.0.0.1:0",
      ...(options.flags ?? [])
    ],
    {
      setup: (dir) => {
        writeFileSync(join(dir, "prometheus.yml"), options.config ?? "global:\n  scrape_interval: 15s\n")
        for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text)
      }
    }
  )
  return options.waitReady === false ? peer : waitReady(peer)
}

/** Debian `prometheus-alertmanager` (0.25) without clustering (no gossip port). */
export const startAlertmanager = (config: string, flags: ReadonlyArray<string> = []) =>
  startPeer(
    "prometheus-alertmanager",
    (dir) => [
      `--config.file=${join(dir, "alertmanager.yml")}`,
      `--storage.path=${join(dir, "data")}`,
      "--web.listen-address=127.0.0.1:0",
      "--cluster.listen-address=",
      ...flags
    ],
    { setup: (dir) => writeFileSync(join(dir, "alertmanager.yml"), config) }
  )

/** Debian `prometheus-pushgateway` (1.5.1), optionally persisting to a file in its dir. */
export const startPushgateway = (flags: ReadonlyArray<string> = []) =>
  startPeer("prometheus-pushgateway", () => ["--web.listen-address=127.0.0.1:0", ...flags])

/** Debian `prometheus-node-exporter` (1.5.0). */
export const startNodeExporter = (flags: ReadonlyArray<string> = []) =>
  startPeer("prometheus-node-exporter", () => ["--web.listen-address=127.0.0.1:0", ...flags])

/** Runs `promtool …` to completion. */
export { runTool } from "./run-tool.ts"
