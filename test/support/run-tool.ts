/**
 * Runs a command-line tool to completion and returns its exit code and output (promtool, amtool).
 * A missing binary gives the apt command that installs it.
 */
import { spawn } from "node:child_process"
import { findBinary, missingBinaryMessage } from "./spawn.ts"

export interface ToolResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export const runTool = (
  name: string,
  args: ReadonlyArray<string>,
  options: { cwd?: string; timeoutMs?: number; input?: string } = {}
): Promise<ToolResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(findBinary(name), args, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (b) => (stdout += b))
    child.stderr.on("data", (b) => (stderr += b))
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${name} ${args.join(" ")}: still running after ${options.timeoutMs ?? 60_000} ms`))
    }, options.timeoutMs ?? 60_000)
    child.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(e.code === "ENOENT" ? new Error(missingBinaryMessage(name)) : e)
    })
    // "close", not "exit": the pipes may still hold output after the process ended.
    child.once("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.input ?? "")
  })
