/**
 * Registers the standard process_* metrics (client_golang's names, so existing dashboards work)
 * plus nodejs_* runtime figures, computed when /metrics is read. Linux /proc is read when there;
 * elsewhere only what Node itself reports.
 */
import { readdirSync, readFileSync } from "node:fs"
import { monitorEventLoopDelay } from "node:perf_hooks"
import type { MetricsRegistry } from "../../protocols/metrics/registry.ts"

const pageSize = 4096

const readProc = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8")
  } catch {
    return undefined
  }
}

const maxFds = (): number => {
  const limits = readProc("/proc/self/limits")
  const m = limits?.match(/Max open files\s+(\d+)/)
  return m ? Number(m[1]) : Number.NaN
}

const openFds = (): number => {
  try {
    return readdirSync("/proc/self/fd").length
  } catch {
    return Number.NaN
  }
}

const virtualMemory = (): number => {
  const stat = readProc("/proc/self/stat")
  if (!stat) return Number.NaN
  // Fields after the parenthesised command name; vsize is field 23 (index 20 after it).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return Number(fields[20])
}

export const registerProcessMetrics = (metrics: MetricsRegistry, startTimeMs: number): void => {
  const lag = monitorEventLoopDelay({ resolution: 20 })
  lag.enable()
  metrics.collected(
    "process_cpu_seconds_total",
    "Total user and system CPU time spent in seconds.",
    "counter",
    () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1e6
    }
  )
  metrics.collected("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", () => {
    const statm = readProc("/proc/self/statm")
    return statm ? Number(statm.split(" ")[1]) * pageSize : process.memoryUsage().rss
  })
  metrics.collected("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", virtualMemory)
  metrics.collected(
    "process_start_time_seconds",
    "Start time of the process since unix epoch in seconds.",
    "gauge",
    () => startTimeMs / 1000
  )
  metrics.collected("process_open_fds", "Number of open file descriptors.", "gauge", openFds)
  metrics.collected("process_max_fds", "Maximum number of open file descriptors.", "gauge", maxFds)
  metrics.collected(
    "nodejs_heap_size_used_bytes",
    "Process heap size used from Node.js in bytes.",
    "gauge",
    () => {
      return process.memoryUsage().heapUsed
    }
  )
  metrics.collected(
    "nodejs_heap_size_total_bytes",
    "Process heap size from Node.js in bytes.",
    "gauge",
    () => {
      return process.memoryUsage().heapTotal
    }
  )
  metrics.collected("nodejs_external_memory_bytes", "Node.js external memory size in bytes.", "gauge", () => {
    return process.memoryUsage().external
  })
  metrics.collected(
    "nodejs_eventloop_lag_p99_seconds",
    "The 99th percentile of event loop lag.",
    "gauge",
    () => {
      return lag.percentile(99) / 1e9
    }
  )
}
