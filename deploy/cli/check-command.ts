/**
 * `vesta check config <file>…`: promtool's `check config` for prometheus.yml, with Vesta's
 * messages (field path and line). Exit 0 when every file is valid, 1 otherwise. Rule files are
 * listed but not checked yet (the rules issue adds that).
 */
import { existsSync, readFileSync } from "node:fs"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { ConfigError } from "../../protocols/config/yaml-reader.ts"

export interface CheckOutput {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export const checkConfig = (files: ReadonlyArray<string>): CheckOutput => {
  let stdout = ""
  let stderr = ""
  let code = 0
  for (const file of files) {
    stdout += `Checking ${file}\n`
    if (!existsSync(file)) {
      stderr += `  FAILED: ${file}: no such file\n`
      code = 1
      continue
    }
    try {
      const cfg = parsePrometheusConfig(readFileSync(file, "utf8"))
      stdout += ` SUCCESS: ${file} is valid prometheus config file syntax\n`
      if (cfg.ruleFiles.length > 0) stdout += `  (rule files not checked yet: ${cfg.ruleFiles.join(", ")})\n`
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e
      stderr += `  FAILED: ${file}: ${e.message}\n`
      code = 1
    }
    stdout += "\n"
  }
  return { code, stdout, stderr }
}
