/**
 * From a discovered target to its final labels, as Prometheus does it: add the scrape config's
 * `job`, `__address__`, `__scheme__`, `__metrics_path__`, `__scrape_interval__`,
 * `__scrape_timeout__` and `__param_*` where discovery did not set them, relabel, require an
 * address, default `instance` to the address, drop every `__`-prefixed and every empty label.
 * Like Prometheus 3 (unlike 2.x) no default port is appended to a port-less address.
 */
import { formatDuration } from "../units/duration.ts"
import type { ScrapeConfig } from "./prometheus-config.ts"
import { relabel } from "./relabel.ts"

export type TargetResult =
  | {
      readonly _tag: "Active"
      readonly labels: Record<string, string>
      readonly discovered: Record<string, string>
    }
  | { readonly _tag: "Dropped"; readonly discovered: Record<string, string> }
  | { readonly _tag: "Invalid"; readonly discovered: Record<string, string>; readonly reason: string }

export const discoveredLabels = (
  group: Readonly<Record<string, string>>,
  cfg: Pick<
    ScrapeConfig,
    "jobName" | "scheme" | "metricsPath" | "scrapeIntervalMs" | "scrapeTimeoutMs" | "params"
  >
): Record<string, string> => {
  const d: Record<string, string> = { ...group }
  const defaults: Record<string, string> = {
    job: cfg.jobName,
    __scheme__: cfg.scheme,
    __metrics_path__: cfg.metricsPath,
    __scrape_interval__: formatDuration(cfg.scrapeIntervalMs),
    __scrape_timeout__: formatDuration(cfg.scrapeTimeoutMs)
  }
  for (const [k, vs] of Object.entries(cfg.params)) if (vs.length > 0) defaults[`__param_${k}`] = vs[0]
  for (const [k, v] of Object.entries(defaults)) if (d[k] === undefined || d[k] === "") d[k] = v
  return d
}

export const targetLabels = (
  discovered: Record<string, string>,
  cfg: Pick<ScrapeConfig, "relabelConfigs">
): TargetResult => {
  const after = relabel(discovered, cfg.relabelConfigs)
  if (!after) return { _tag: "Dropped", discovered }
  const address = after.__address__
  if (address === undefined || address === "") return { _tag: "Invalid", discovered, reason: "no address" }
  const labels: Record<string, string> = {}
  for (const [k, v] of Object.entries(after)) if (!k.startsWith("__") && v !== "") labels[k] = v
  if (labels.instance === undefined) labels.instance = address
  return { _tag: "Active", labels: sortKeys(labels), discovered }
}

const sortKeys = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
