/**
 * Log lines as Prometheus writes them, on stderr: logfmt (`ts=… level=info msg="…" key=value`) or
 * JSON, at the level chosen by `--log.level`. Object arguments to a log call become key=value
 * pairs; annotations (component, shard, …) come first. Secrets never reach here by convention:
 * callers pass Redacted values, which print as <redacted>.
 */
import { Cause, Layer, Logger, References } from "effect"

export type LogFormat = "logfmt" | "json"
export type LogLevelFlag = "debug" | "info" | "warn" | "error"

const quote = (v: string) => (/^[^\s"=\\]+$/.test(v) && v !== "" ? v : JSON.stringify(v))

const stringify = (v: unknown): string => {
  if (typeof v === "string") return v
  if (v instanceof Error) return v.message
  if (typeof v === "object" && v !== null) {
    try {
      return JSON.stringify(v)
    } catch {
      return String(v)
    }
  }
  return String(v)
}

/** Turns one log call into ordered fields: ts, level, annotations, msg, then object arguments. */
const fields = (options: Logger.Options<unknown>): Array<readonly [string, string]> => {
  const out: Array<readonly [string, string]> = [
    ["ts", options.date.toISOString()],
    ["level", options.logLevel.toLowerCase()]
  ]
  const annotations = options.fiber.getRef(References.CurrentLogAnnotations)
  for (const [k, v] of Object.entries(annotations)) out.push([k, stringify(v)])
  const parts = Array.isArray(options.message) ? options.message : [options.message]
  const texts: string[] = []
  const extra: Array<readonly [string, string]> = []
  for (const p of parts) {
    if (typeof p === "object" && p !== null && !(p instanceof Error) && !Array.isArray(p)) {
      for (const [k, v] of Object.entries(p)) extra.push([k, stringify(v)])
    } else texts.push(stringify(p))
  }
  out.push(["msg", texts.join(" ")], ...extra)
  if (options.cause.reasons.length > 0) out.push(["err", Cause.pretty(options.cause)])
  return out
}

export const logfmtLine = (options: Logger.Options<unknown>): string =>
  fields(options)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(" ")

export const jsonLine = (options: Logger.Options<unknown>): string =>
  JSON.stringify(Object.fromEntries(fields(options)))

const levels: Record<LogLevelFlag, "Debug" | "Info" | "Warn" | "Error"> = {
  debug: "Debug",
  info: "Info",
  warn: "Warn",
  error: "Error"
}

/** Replaces the default logger; lines go to stderr synchronously (so they are flushed on exit). */
export const processLoggerLayer = (format: LogFormat, level: LogLevelFlag) =>
  Layer.mergeAll(
    Logger.layer([
      Logger.make((options) => {
        process.stderr.write(`${format === "json" ? jsonLine(options) : logfmtLine(options)}\n`)
      })
    ]),
    Layer.succeed(References.MinimumLogLevel, levels[level])
  )
