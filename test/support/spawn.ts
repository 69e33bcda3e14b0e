/**
 * Starting real server binaries for tests: spawn a child, wait for the log line that says it is
 * ready, stop it by PID. It does not decide which servers a test needs; see global-setup.ts.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"

export interface Spawned {
  /** What `pick` extracted from the ready line (usually an address). */
  readonly value: string
  readonly pid: number
  readonly child: ChildProcess
  /** Everything the process printed so far (stdout and stderr interleaved). */
  readonly log: () => string
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  readonly stop: () => Promise<void>
}

/** How to install each binary we spawn, for the error a missing one gives. */
const installHints: Record<string, string> = {
  "nats-server": "apt-get install -y nats-server",
  prometheus: "apt-get install -y prometheus",
  promtool: "apt-get install -y prometheus",
  "prometheus-alertmanager": "apt-get install -y prometheus-alertmanager",
  amtool: "apt-get install -y prometheus-alertmanager",
  "prometheus-pushgateway": "apt-get install -y prometheus-pushgateway",
  "prometheus-node-exporter": "apt-get install -y prometheus-node-exporter"
}

/** Finds a Debian binary even when /usr/sbin is not on PATH (nats-server lives there). */
export const findBinary = (name: string, envVar?: string): string => {
  const fromEnv = envVar ? process.env[envVar] : undefined
  if (fromEnv) return fromEnv
  for (const dir of ["/usr/sbin", "/usr/bin", "/usr/local/bin"]) {
    if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`
  }
  return name
}

export const missingBinaryMessage = (name: string): string => {
  const base = name.split("/").pop() ?? name
  return `${base} not found: install it with \`${installHints[base] ?? `apt-get install -y ${base}`}\` (or run \`npm run test:all\`, which installs every test dependency)`
}

/** Spawns cmd and resolves with the first output line `pick` matches. */
export const spawnUntil = (
  cmd: string,
  args: ReadonlyArray<string>,
  pick: (line: string) => string | undefined,
  options: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<Spawned> =>
  new Promise<Spawned>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 15_000
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: options.cwd,
      env: options.env ?? process.env
    })
    let log = ""
    let settled = false
    const exited = new Promise<void>((res) => child.once("exit", () => res()))
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill("SIGTERM")
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000)
      timer.unref()
      await exited
      clearTimeout(timer)
    }
    const fail = (e: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill("SIGKILL")
      reject(e)
    }
    const timer = setTimeout(
      () => fail(new Error(`${cmd}: not ready after ${timeoutMs} ms\n${log}`)),
      timeoutMs
    )
    child.once("error", (e: NodeJS.ErrnoException) =>
      fail(e.code === "ENOENT" ? new Error(missingBinaryMessage(cmd)) : e)
    )
    child.once("exit", (code, signal) =>
      fail(new Error(`${cmd} exited early (code ${code}, signal ${signal})\n${log}`))
    )
    let partial = ""
    const onData = (b: Buffer) => {
      log += b.toString()
      if (log.length > 1_000_000) log = log.slice(-500_000)
      if (settled) return
      const text = partial + b.toString()
      const lines = text.split("\n")
      partial = lines.pop() ?? ""
      for (const line of lines) {
        const v = pick(line)
        if (v !== undefined) {
          settled = true
          clearTimeout(timer)
          resolve({ value: v, pid: child.pid!, child, log: () => log, stop })
          return
        }
      }
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", onData)
  })
