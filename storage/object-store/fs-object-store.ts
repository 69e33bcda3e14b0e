/**
 * The filesystem ObjectStore (the embedded default bucket): a key is a path under the root. A put
 * writes a temp file in `<root>/.vesta-tmp`, fsyncs it, renames it into place and fsyncs the
 * directory, so an object appears whole or not at all; ranges read through a file handle; listing
 * pages like S3. A directory cannot also be an object, so it cannot hold both `a` and `a/b`.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs"
import {
  copyFile,
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink
} from "node:fs/promises"
import { dirname, join, resolve } from "node:path"
import { Effect, Layer } from "effect"
import { pageOfKeys } from "./list-page.ts"
import {
  checkKey,
  checkMaxKeys,
  checkRange,
  compareKeys,
  isObjectFile,
  listAllPages,
  type ObjectInfo,
  ObjectNotFoundError,
  ObjectStore,
  type ObjectStoreShape,
  ObjectStoreUnavailableError,
  type PutBody
} from "./object-store.ts"

/** Temp files live here, under the root so that rename stays on one filesystem; never listed. */
const tmpDirName = ".vesta-tmp"
/** Temp files this old are left over from a crash (a put in flight is younger): removed at open. */
const staleTmpAgeMs = 60 * 60 * 1000

const code = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code
/** Errors meaning "nothing is stored at this path" (ENOTDIR: a parent is a file). */
const isAbsent = (e: unknown) => code(e) === "ENOENT" || code(e) === "ENOTDIR" || code(e) === "EISDIR"

const syncDir = async (dir: string) => {
  const fh = await open(dir, "r")
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

const writeBody = async (tmp: string, body: PutBody) => {
  if (isObjectFile(body)) {
    await copyFile(body.filePath, tmp)
    const fh = await open(tmp, "r+")
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
    return
  }
  const fh = await open(tmp, "wx")
  try {
    await fh.writeFile(body)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Any object (file) below `dir`? Empty directories left by deletes are not "directories" in S3. */
const holdsObject = async (dir: string): Promise<boolean> => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const e of entries) if (e.isFile()) return true
  for (const e of entries) if (e.isDirectory() && (await holdsObject(join(dir, e.name)))) return true
  return false
}

const collectAll = async (dir: string, keyPrefix: string, out: string[]): Promise<void> => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const e of entries) {
    if (e.isFile()) out.push(keyPrefix + e.name)
    else if (e.isDirectory()) await collectAll(join(dir, e.name), `${keyPrefix}${e.name}/`, out)
  }
}

export const fsObjectStore = (rootDir: string): ObjectStoreShape => {
  const root = resolve(rootDir)
  const tmpDir = join(root, tmpDirName)
  mkdirSync(tmpDir, { recursive: true })
  // Another process may share the root, so only files too old to be an upload in flight go.
  for (const name of readdirSync(tmpDir)) {
    const p = join(tmpDir, name)
    const st = statSync(p, { throwIfNoEntry: false })
    if (st !== undefined && Date.now() - st.mtimeMs > staleTmpAgeMs) rmSync(p, { force: true })
  }
  let tmpSeq = 0
  const path = (key: string) => join(root, ...key.split("/"))
  const checkFsKey = (key: string) =>
    checkKey(key).pipe(
      Effect.andThen(
        key === tmpDirName || key.startsWith(`${tmpDirName}/`)
          ? Effect.die(new Error(`invalid object key ${JSON.stringify(key)}: ${tmpDirName} is reserved`))
          : Effect.void
      )
    )
  const unavailable = (op: string, key: string) => (cause: unknown) =>
    new ObjectStoreUnavailableError({ op, key, cause })
  const readOp = <A>(op: string, key: string, f: () => Promise<A>) =>
    checkFsKey(key).pipe(
      Effect.andThen(
        Effect.tryPromise({
          try: f,
          catch: (e) => (isAbsent(e) ? new ObjectNotFoundError({ key }) : unavailable(op, key)(e))
        })
      )
    )

  const infoAt = async (key: string): Promise<ObjectInfo> => {
    const st = await stat(path(key), { bigint: true })
    if (!st.isFile()) throw Object.assign(new Error(`${key} is a directory`), { code: "EISDIR" })
    return {
      key,
      size: Number(st.size),
      lastModifiedMs: Number(st.mtimeMs),
      // A put renames a new file into place, so the inode changes on every replace.
      etag: `${st.ino.toString(16)}-${st.size.toString(16)}-${st.mtimeNs.toString(16)}`
    }
  }

  const get: ObjectStoreShape["get"] = (key) =>
    readOp("get", key, async () => new Uint8Array(await readFile(path(key))))

  const getRange: ObjectStoreShape["getRange"] = (key, offset, length) =>
    checkRange(offset, length).pipe(
      Effect.andThen(
        readOp("getRange", key, async () => {
          const fh: FileHandle = await open(path(key), "r")
          try {
            const size = Number((await fh.stat()).size)
            const n = Math.max(0, Math.min(length, size - offset))
            const buf = new Uint8Array(n)
            let got = 0
            while (got < n) {
              const { bytesRead } = await fh.read(buf, got, n - got, offset + got)
              if (bytesRead === 0) break
              got += bytesRead
            }
            return got === n ? buf : buf.subarray(0, got)
          } finally {
            await fh.close()
          }
        })
      )
    )

  const put: ObjectStoreShape["put"] = (key, body) =>
    checkFsKey(key).pipe(
      Effect.andThen(
        Effect.tryPromise({
          try: async (signal) => {
            const target = path(key)
            const tmp = join(tmpDir, `${process.pid}-${++tmpSeq}-${Math.random().toString(36).slice(2)}`)
            try {
              await writeBody(tmp, body)
              if (signal.aborted) throw new Error("put interrupted")
              // A concurrent delete may remove the (empty) parent between mkdir and rename: retry.
              for (let attempt = 1; ; attempt++) {
                await mkdir(dirname(target), { recursive: true })
                try {
                  await rename(tmp, target)
                  break
                } catch (e) {
                  if (code(e) !== "ENOENT" || attempt === 3) throw e
                }
              }
            } catch (e) {
              await rm(tmp, { force: true })
              throw e
            }
            await syncDir(dirname(target))
          },
          catch: unavailable("put", key)
        })
      )
    )

  const head: ObjectStoreShape["head"] = (key) => readOp("head", key, () => infoAt(key))

  const exists: ObjectStoreShape["exists"] = (key) =>
    head(key).pipe(
      Effect.as(true),
      Effect.catchTag("ObjectNotFoundError", () => Effect.succeed(false))
    )

  /** Keys under `prefix`, sorted; with delimiter "/" a directory counts once (as `dir/`) unless needed whole. */
  const keysFor = async (prefix: string, delimiter: string | undefined, resumeAfter: string | undefined) => {
    const cut = prefix.lastIndexOf("/")
    const dirKey = cut < 0 ? "" : prefix.slice(0, cut + 1)
    const namePrefix = prefix.slice(cut + 1)
    const dirSegments = dirKey === "" ? [] : dirKey.slice(0, -1).split("/")
    if (dirSegments.some((s) => s === "" || s === "." || s === ".." || s.includes("\u0000"))) return []
    const dir = join(root, ...dirSegments)
    const entries = await readdir(dir, { withFileTypes: true }).catch((e) => {
      if (isAbsent(e)) return []
      throw e
    })
    const keys: string[] = []
    for (const e of entries) {
      if (!e.name.startsWith(namePrefix) || (dirKey === "" && e.name === tmpDirName)) continue
      const key = dirKey + e.name
      if (e.isFile()) keys.push(key)
      else if (!e.isDirectory()) continue
      else if (
        delimiter === "/" &&
        !(
          resumeAfter !== undefined &&
          resumeAfter.length > key.length + 1 &&
          resumeAfter.startsWith(`${key}/`)
        )
      ) {
        if (await holdsObject(join(dir, e.name))) keys.push(`${key}/`)
      } else await collectAll(join(dir, e.name), `${key}/`, keys)
    }
    return keys.sort(compareKeys)
  }

  const list: ObjectStoreShape["list"] = (prefix, options = {}) =>
    Effect.gen(function* () {
      const maxKeys = yield* checkMaxKeys(options)
      return yield* Effect.tryPromise({
        try: async () => {
          const resumeAfter = options.continuationToken?.slice(1) ?? options.startAfter
          const keys = await keysFor(prefix, options.delimiter, resumeAfter)
          const page = pageOfKeys(keys, prefix, options, maxKeys)
          if (page === undefined)
            throw new Error(`invalid continuation token ${JSON.stringify(options.continuationToken)}`)
          // A key deleted since the directory was read is left out, as if listed a moment later.
          const infos = await Promise.all(page.keys.map((k) => infoAt(k).catch(() => undefined)))
          return {
            objects: infos.filter((i): i is ObjectInfo => i !== undefined),
            commonPrefixes: page.commonPrefixes,
            continuationToken: page.continuationToken
          }
        },
        catch: unavailable("list", prefix)
      })
    })

  const del: ObjectStoreShape["delete"] = (key) =>
    checkFsKey(key).pipe(
      Effect.andThen(
        Effect.tryPromise({
          try: async () => {
            try {
              await unlink(path(key))
            } catch (e) {
              // ENOENT/ENOTDIR: nothing there; EISDIR (EPERM on macOS): a "directory", not an object.
              if (isAbsent(e) || code(e) === "EPERM") return
              throw e
            }
            // Drop directories the delete left empty, so they stop showing as common prefixes.
            for (let dir = dirname(path(key)); dir !== root && dir.startsWith(root); dir = dirname(dir)) {
              if (
                !(await rmdir(dir).then(
                  () => true,
                  () => false
                ))
              )
                break
            }
          },
          catch: unavailable("delete", key)
        })
      )
    )

  return { get, getRange, put, head, exists, list, listAll: listAllPages(list), delete: del }
}

/** The ObjectStore service over a directory (created if missing). */
export const layerFs = (root: string): Layer.Layer<ObjectStore> =>
  Layer.sync(ObjectStore, () => fsObjectStore(root))
