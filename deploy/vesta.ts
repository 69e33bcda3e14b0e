#!/usr/bin/env node
/**
 * The `vesta` executable: parses the command and its flags (Prometheus's names), runs the chosen
 * role under one Effect runtime, and shuts it down gracefully on SIGTERM/SIGINT. Bad flags print
 * one line naming the flag and exit 2. Composition of the roles lives in the command modules.
 */
import { readFileSync } from "node:fs"
import { Cause, Effect, Exit, Fiber, type Scope } from "effect"
import { checkConfig } from "./cli/check-command.ts"
import {
  compactFlags,
  compactProgram,
  gatewayFlags,
  gatewayProgram,
  ingestFlags,
  ingestProgram,
  scrapeFlags,
  scrapeProgram
} from "./cli/distributed-commands.ts"
import { type FlagSpec, formatFlagsHelp, parseFlags } from "./cli/flags.ts"
import { type LogFormat, type LogLevelFlag, processLoggerLayer } from "./cli/process-logger.ts"
import { startFlags, startProgram } from "./cli/start-command.ts"
import { tsdbCommand } from "./cli/tsdb-command.ts"

const version: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version
const shutdownDeadlineMs = 10_000

interface Command {
  readonly help: string
  readonly flags: ReadonlyArray<FlagSpec>
  readonly run: (
    values: Record<string, unknown>,
    explicit: ReadonlySet<string>
  ) => Effect.Effect<unknown, unknown, Scope.Scope>
}

/** Commands that run to completion without the Effect runtime (tools). */
const tools: Record<
  string,
  { readonly help: string; readonly usage: string; readonly run: (args: ReadonlyArray<string>) => number }
> = {
  tsdb: {
    help: "Work with TSDB blocks like promtool: tsdb list [-r] <dir>, tsdb dump <dir>, tsdb analyze [--extended] [--limit=N] <dir> [<block id>], tsdb create-blocks-from openmetrics <file> [<dir>]",
    usage: "usage: vesta tsdb list|dump|analyze|create-blocks-from ...",
    run: (args) => tsdbCommand(args)
  },
  check: {
    help: "Check the resources for validity (like promtool check): check config <prometheus.yml>…",
    usage: "usage: vesta check config <config-files>...",
    run: (args) => {
      const [what, ...files] = args
      if (what !== "config") return fail(`expected "config" after "check", got ${JSON.stringify(what ?? "")}`)
      if (files.length === 0) return fail("check config: no config files given")
      const out = checkConfig(files)
      process.stdout.write(out.stdout)
      process.stderr.write(out.stderr)
      return out.code
    }
  }
}

const commands: Record<string, Command> = {
  start: {
    help: "Run every role in one process on the embedded default (no other services needed).",
    flags: startFlags,
    run: (values, explicit) => startProgram(values as never, version, explicit)
  },
  gateway: {
    help: "Distributed: the HTTP edge (remote write into the shard logs on NATS, PromQL over the shard heads).",
    flags: gatewayFlags,
    run: (values) => gatewayProgram(values as never, version)
  },
  compact: {
    help: "Compacts the blocks of a bucket (Thanos's layout and flags), applies retention, deletes marked blocks.",
    flags: compactFlags,
    run: (values) => compactProgram(values as never, version)
  },
  scrape: {
    help: "Distributed: scrapes the targets of the slots whose NATS lease this process wins, into the shard logs.",
    flags: scrapeFlags,
    run: (values) => scrapeProgram(values as never, version)
  },
  ingest: {
    help: "Distributed: series-shard actors for the shards whose NATS lease this process wins.",
    flags: ingestFlags,
    run: (values) => ingestProgram(values as never, version)
  }
}

const versionText = () =>
  `vesta, version ${version}\n  node version: ${process.version}\n  platform: ${process.platform}/${process.arch}\n`

const usage = () =>
  [
    "usage: vesta <command> [<flags>]",
    "",
    "Vesta: a Prometheus-compatible monitoring system.",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name}\n      ${c.help}`),
    ...Object.entries(tools).map(([name, t]) => `  ${name}\n      ${t.help}`),
    "",
    "Flags:",
    "  -h, --help     Show help (also after a command: vesta start --help).",
    "      --version  Show application version.",
    ""
  ].join("\n")

const fail = (message: string): never => {
  process.stderr.write(`vesta: error: ${message}, try --help\n`)
  process.exit(2)
}

const toolError = (e: unknown): string => {
  const err = e as { code?: string; path?: string; message?: string }
  if (err.code === "ENOENT" && err.path !== undefined)
    return `opening the db dir: stat ${err.path}: no such file or directory`
  return `vesta: error: ${err.message ?? String(e)}`
}

const main = () => {
  const [name, ...rest] = process.argv.slice(2)
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage())
    process.exit(name === undefined ? 2 : 0)
  }
  if (name === "--version") {
    process.stdout.write(versionText())
    process.exit(0)
  }
  const tool = tools[name]
  if (tool) {
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`${tool.usage}\n\n${tool.help}\n`)
      process.exit(0)
    }
    // exitCode, not exit(): the process ends once stdout has taken every byte (a dump can be large).
    try {
      process.exitCode = tool.run(rest)
    } catch (e) {
      // A missing directory or an unreadable block: one line, as promtool prints it.
      process.stderr.write(`${toolError(e)}\n`)
      process.exitCode = 1
    }
    return
  }
  const command = commands[name]
  if (!command) return fail(`expected command but got "${name}"`)
  const parsed = parseFlags(command.flags, rest)
  if (parsed._tag === "Help") {
    process.stdout.write(
      `usage: vesta ${name} [<flags>]\n\n${command.help}\n\nFlags:\n${formatFlagsHelp(command.flags)}\n`
    )
    process.exit(0)
  }
  if (parsed._tag === "Version") {
    process.stdout.write(versionText())
    process.exit(0)
  }
  if (parsed._tag === "Error") return fail(parsed.message)
  if (parsed.args.length > 0) return fail(`unexpected argument "${parsed.args[0]}"`)

  const logger = processLoggerLayer(
    (parsed.values["log.format"] as LogFormat | undefined) ?? "logfmt",
    (parsed.values["log.level"] as LogLevelFlag | undefined) ?? "info"
  )
  const fiber = Effect.runFork(
    Effect.scoped(command.run(parsed.values, parsed.explicit)).pipe(Effect.provide(logger))
  )
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    Effect.runSync(Effect.logInfo(`Received ${signal}, exiting gracefully...`).pipe(Effect.provide(logger)))
    setTimeout(() => {
      process.stderr.write(`vesta: shutdown took longer than ${shutdownDeadlineMs} ms; exiting\n`)
      process.exit(1)
    }, shutdownDeadlineMs).unref()
    Effect.runFork(Fiber.interrupt(fiber))
  }
  process.on("SIGTERM", onSignal)
  process.on("SIGINT", onSignal)
  fiber.addObserver((exit) => {
    if (Exit.isSuccess(exit) || (stopping && Cause.hasInterruptsOnly(exit.cause))) {
      Effect.runSync(Effect.logInfo("See you next time!").pipe(Effect.provide(logger)))
      process.exit(0)
    }
    const failure = Cause.squash(exit.cause)
    process.stderr.write(`vesta: error: ${failure instanceof Error ? failure.message : String(failure)}\n`)
    process.exit(1)
  })
}

main()
