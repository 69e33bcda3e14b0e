/**
 * Runs the real `vesta` executable (deploy/vesta.ts on Node 24) as a child process for end-to-end
 * tests: start it on an ephemeral loopback port, learn the port from its log, stop it by PID.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { type Spawned, spawnUntil } from "./spawn.ts"

export const vestaEntry = fileURLToPath(new URL("../../deploy/vesta.ts", import.meta.url))

export interface VestaProcess extends Spawned {
  /** e.g. "http://127.0.0.1:39123" */
  readonly baseUrl: string
}

/** `vesta <command> --web.listen-address=127.0.0.1:0 …`; resolves once it logs its address. */
export const startVesta = async (command: string, flags: ReadonlyArray<string>): Promise<VestaProcess> => {
  const s = await spawnUntil(
    process.execPath,
    [vestaEntry, command, "--web.listen-address=127.0.0.1:0", ...flags],
    (l) => l.match(/msg="Listening on" address=(\S+)/)?.[1],
    { timeoutMs: 20_000 }
  )
  return { ...s, baseUrl: `http://${s.value}` }
}

/** Runs `vesta …args` to completion; for flag errors, --help, --version and tools. */
export const runVesta = (args: ReadonlyArray<string>, timeoutMs = 60_000) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [vestaEntry, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (b) => (stdout += b))
    child.stderr.on("data", (b) => (stderr += b))
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`vesta ${args.join(" ")}: still running after ${timeoutMs} ms\n${stderr}`))
    }, timeoutMs)
    // "close", not "exit": the pipes may still hold output after the process ended.
    child.once("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
