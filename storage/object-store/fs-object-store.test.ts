/**
 * What only the filesystem store does (the shared contract is in test/conformance): its temp
 * directory, crash leftovers, keys that collide with directories, and the files it leaves on disk.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { fsObjectStore } from "./fs-object-store.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-fsobj-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
const b = (s: string) => new TextEncoder().encode(s)

describe("filesystem ObjectStore", () => {
  it("stores a key as a plain file path and hides its temp directory from listings", async () => {
    const root = join(dir, "plain")
    const s = fsObjectStore(root)
    await run(s.put("01ABC/chunks/000001", b("chunk")))
    expect(readdirSync(join(root, "01ABC", "chunks"))).toEqual(["000001"])
    expect(readdirSync(join(root, ".vesta-tmp"))).toEqual([])
    expect((await run(s.list("", { delimiter: "/" }))).commonPrefixes).toEqual(["01ABC/"])
    await expect(run(s.put(".vesta-tmp/x", b("x")))).rejects.toThrow(/\.vesta-tmp is reserved/)
  })

  it("removes crash leftovers older than an hour when opened, and keeps young ones", () => {
    const root = join(dir, "leftovers")
    mkdirSync(join(root, ".vesta-tmp"), { recursive: true })
    writeFileSync(join(root, ".vesta-tmp", "old"), "x")
    writeFileSync(join(root, ".vesta-tmp", "young"), "x")
    const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000
    utimesSync(join(root, ".vesta-tmp", "old"), twoHoursAgo, twoHoursAgo)
    fsObjectStore(root)
    expect(readdirSync(join(root, ".vesta-tmp"))).toEqual(["young"])
  })

  it("cannot hold an object and a directory of the same name, and says so", async () => {
    const s = fsObjectStore(join(dir, "clash"))
    await run(s.put("a", b("file")))
    const err = await run(Effect.flip(s.put("a/b", b("x"))))
    expect(err._tag).toBe("ObjectStoreUnavailableError")
    expect(err.message).toMatch(/^object store put "a\/b" failed: Error: (EEXIST|ENOTDIR)/)
    expect(readdirSync(join(dir, "clash", ".vesta-tmp"))).toEqual([])
  })

  it("removes the directories a delete empties, up to the root", async () => {
    const root = join(dir, "prune")
    const s = fsObjectStore(root)
    await run(s.put("x/y/z", b("1")))
    await run(s.put("x/keep", b("2")))
    await run(s.delete("x/y/z"))
    expect(existsSync(join(root, "x", "y"))).toBe(false)
    expect(existsSync(join(root, "x", "keep"))).toBe(true)
  })
})
