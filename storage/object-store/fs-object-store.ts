/**
 * The filesystem ObjectStore (the embedded default bucket): a key is a path under the root; puts
 * write a temp file, fsync and rename, so an object appears whole or not at all; ranges read
 * through a file handle; listing walks the tree and pages like S3 (byte order, delimiter).
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from "node:fs"
import { dirname, join } from "node:path"
import { Effect } from "effect"
import {
  type ListPage,
  ObjectNotFoundError,
  type ObjectStore,
  ObjectStoreUnavailableError
} from "./object-store.ts"

const tmpSuffix = ".tmp-vesta-upload"

const walk = (root: string, rel = ""): string[] => {
  const out: string[] = []
  let entries: import("node:fs").Dirent[]
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true })
  } catch {
    return out
  }
  for (const e of entries) {
    const key = rel === "" ? e.name : `${rel}/${e.name}`
    if (e.isDirectory()) out.push(...walk(root, key))
    else if (!e.name.endsWith(tmpSuffix)) out.push(key)
  }
  return out
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

export const fsObjectStore = (root: string): ObjectStore => {
  mkdirSync(root, { recursive: true })
  const path = (key: string) => join(root, ...key.split("/"))
  const notFound = (key: string) => (e: unknown) =>
    (e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "EISDIR"
      ? new ObjectNotFoundError({ key })
      : new ObjectStoreUnavailableError({ op: "read", key, cause: e })
  return {
    get: (key) => Effect.try({ try: () => new Uint8Array(readFileSync(path(key))), catch: notFound(key) }),
    getRange: (key, offset, length) =>
      Effect.try({
        try: () => {
          const fd = openSync(path(key), "r")
          try {
            const buf = Buffer.alloc(length)
            const n = readSync(fd, buf, 0, length, offset)
            return new Uint8Array(buf.subarray(0, n))
          } finally {
            closeSync(fd)
          }
        },
        catch: notFound(key)
      }),
    put: (key, body) =>
      Effect.try({
        try: () => {
          const p = path(key)
          mkdirSync(dirname(p), { recursive: true })
          const tmp = `${p}.${process.pid}${tmpSuffix}`
          writeFileSync(tmp, body)
          const fd = openSync(tmp, "r")
          fsyncSync(fd)
          closeSync(fd)
          renameSync(tmp, p)
        },
        catch: (cause) => new ObjectStoreUnavailableError({ op: "put", key, cause })
      }),
    head: (key) =>
      Effect.try({
        try: () => {
          const st = statSync(path(key))
          if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" })
          return { key, size: st.size, lastModifiedMs: st.mtimeMs }
        },
        catch: notFound(key)
      }),
    list: (prefix, options = {}) =>
      Effect.try({
        try: (): ListPage => {
          const keys = walk(root)
            .filter((k) => k.startsWith(prefix))
            .sort(byteOrder)
          const after = options.continuationToken ?? options.startAfter
          const entries: Array<{ key?: string; prefix?: string }> = []
          const seen = new Set<string>()
          for (const k of keys) {
            const rest = k.slice(prefix.length)
            const d = options.delimiter ? rest.indexOf(options.delimiter) : -1
            if (d >= 0) {
              const p = prefix + rest.slice(0, d + (options.delimiter as string).length)
              if (!seen.has(p)) {
                seen.add(p)
                entries.push({ prefix: p })
              }
            } else entries.push({ key: k })
          }
          const start =
            after === undefined ? 0 : entries.findIndex((e) => byteOrder(e.key ?? e.prefix ?? "", after) > 0)
          const from = start < 0 ? entries.length : start
          const max = options.maxKeys ?? 1000
          const page = entries.slice(from, from + max)
          const more = from + max < entries.length
          return {
            objects: page
              .filter((e) => e.key !== undefined)
              .map((e) => {
                const st = statSync(path(e.key as string))
                return { key: e.key as string, size: st.size, lastModifiedMs: st.mtimeMs }
              }),
            commonPrefixes: page.filter((e) => e.prefix !== undefined).map((e) => e.prefix as string),
            continuationToken: more ? (page[page.length - 1].key ?? page[page.length - 1].prefix) : undefined
          }
        },
        catch: (cause) => new ObjectStoreUnavailableError({ op: "list", key: prefix, cause })
      }),
    delete: (key) =>
      Effect.try({
        try: () => rmSync(path(key), { force: true }),
        catch: (cause) => new ObjectStoreUnavailableError({ op: "delete", key, cause })
      })
  }
}
