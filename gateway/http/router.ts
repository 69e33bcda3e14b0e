/**
 * Matches a method and path to a Route: exact segments, `:name` parameters and a trailing
 * `*rest`. Plain code, built once; it does not run handlers.
 */
import type { Route } from "./http-types.ts"

interface Compiled {
  readonly route: Route
  readonly methods: ReadonlySet<string> | "*"
  readonly segments: ReadonlyArray<string>
  readonly rest: string | undefined
}

export type Match =
  | { readonly _tag: "Found"; readonly route: Route; readonly params: Record<string, string> }
  | { readonly _tag: "MethodNotAllowed"; readonly allow: ReadonlyArray<string> }
  | { readonly _tag: "NotFound" }

const compile = (route: Route): Compiled => {
  const parts = route.path.split("/").filter((p) => p !== "")
  const last = parts[parts.length - 1]
  const rest = last?.startsWith("*") ? last.slice(1) : undefined
  const m = route.method
  return {
    route,
    methods: m === "*" ? "*" : new Set(typeof m === "string" ? [m] : m),
    segments: rest === undefined ? parts : parts.slice(0, -1),
    rest
  }
}

const matchPath = (c: Compiled, parts: ReadonlyArray<string>): Record<string, string> | undefined => {
  if (c.rest === undefined ? parts.length !== c.segments.length : parts.length < c.segments.length)
    return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < c.segments.length; i++) {
    const s = c.segments[i]
    if (s.startsWith(":")) params[s.slice(1)] = decodeURIComponent(parts[i])
    else if (s !== parts[i]) return undefined
  }
  if (c.rest !== undefined) params[c.rest] = parts.slice(c.segments.length).map(decodeURIComponent).join("/")
  return params
}

export class Router {
  private readonly compiled: ReadonlyArray<Compiled>
  constructor(routes: ReadonlyArray<Route>) {
    this.compiled = routes.map(compile)
  }
  match(method: string, path: string): Match {
    const parts = path.split("/").filter((p) => p !== "")
    const allow: string[] = []
    for (const c of this.compiled) {
      let params: Record<string, string> | undefined
      try {
        params = matchPath(c, parts)
      } catch {
        continue // malformed percent-encoding in a parameter: no match
      }
      if (!params) continue
      if (c.methods === "*" || c.methods.has(method)) return { _tag: "Found", route: c.route, params }
      // A catch-all route (e.g. the API's CORS preflight) does not make other paths "exist".
      if (c.rest === undefined) allow.push(...c.methods)
    }
    return allow.length > 0 ? { _tag: "MethodNotAllowed", allow } : { _tag: "NotFound" }
  }
}
