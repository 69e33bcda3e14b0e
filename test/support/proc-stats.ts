/**
 * A process's resource use from /proc, for benches comparing Vesta with a peer process: CPU
 * seconds so far (user + system), resident memory now and at its peak.
 */
import { readFileSync } from "node:fs"

/** CPU seconds (user + system) of a process so far. */
export const cpuSeconds = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
  return (Number(f[11]) + Number(f[12])) / 100
}

const statusKb = (pid: number, field: "VmRSS" | "VmHWM"): number => {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+) kB`))
  return m === null ? 0 : Number(m[1])
}

/** Resident memory now, bytes. */
export const rssBytes = (pid: number): number => statusKb(pid, "VmRSS") * 1024

/** Peak resident memory, bytes. */
export const peakRssBytes = (pid: number): number => statusKb(pid, "VmHWM") * 1024
