import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit } from "effect"
import { TestClock } from "effect/testing"
import { FileKvStore } from "./file-kv.ts"

const b = (s: string) => new TextEncoder().encode(s)
const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "vesta-file-kv-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

describe("FileKvStore", () => {
  it.effect("honours the TTL on the clock: absent at exactly ttlMs after the last write, not before", () =>
    Effect.gen(function* () {
      const k = yield* FileKvStore.make(yield* tempDir).bucket("leases", { ttlMs: 10_000 })
      const r = yield* k.create("a", b("1"))
      yield* TestClock.adjust("9999 millis")
      assert.strictEqual((yield* k.get("a"))?.revision, r)
      const r2 = yield* k.update("a", b("2"), r) // a write restarts the TTL
      yield* TestClock.adjust("9999 millis")
      assert.deepStrictEqual(yield* k.keys(), ["a"])
      yield* TestClock.adjust("1 millis")
      assert.isUndefined(yield* k.get("a"))
      assert.deepStrictEqual(yield* k.keys(), [])
      assert.isAbove(yield* k.create("a", b("3")), r2)
    })
  )

  it.effect("prunes expired entries from the file at the next write and leaves no temp file", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const k = yield* FileKvStore.make(dir).bucket("b", { ttlMs: 1000 })
      yield* k.put("old", b("x"))
      yield* TestClock.adjust("2 seconds")
      yield* k.put("new", b("y"))
      const file = JSON.parse(readFileSync(join(dir, "b.json"), "utf8"))
      assert.deepStrictEqual([Object.keys(file.entries), file.revision, file.ttlMs], [["new"], 2, 1000])
      assert.deepStrictEqual(readdirSync(dir), ["b.json"])
    })
  )

  it.effect("a new store on the same directory (a restart) sees every acknowledged write", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const k = yield* FileKvStore.make(dir).bucket("b")
      for (let i = 0; i < 50; i++) yield* k.put(`k${i}`, b(String(i)))
      yield* k.delete("k7")
      const again = yield* FileKvStore.make(dir).bucket("b")
      assert.strictEqual((yield* again.keys()).length, 49)
      assert.deepStrictEqual([(yield* again.get("k49"))?.revision, yield* again.put("z", b("z"))], [50, 52])
    })
  )

  it.effect("names the file when it is damaged", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      writeFileSync(join(dir, "bad.json"), "{ not json")
      writeFileSync(join(dir, "old.json"), JSON.stringify({ revision: 3, entries: {} }))
      const bad = yield* Effect.exit(FileKvStore.make(dir).bucket("bad"))
      const old = yield* Effect.exit(FileKvStore.make(dir).bucket("old"))
      const text = (e: typeof bad) => (Exit.isFailure(e) ? String(Cause.squash(e.cause)) : "")
      assert.include(
        text(bad),
        `kv open failed on bucket "bad": Error: cannot parse ${join(dir, "bad.json")}`
      )
      assert.include(text(old), `cannot read ${join(dir, "old.json")}: not a version 1 kv bucket file`)
    })
  )

  it.effect("creates the directory on first open", () =>
    Effect.gen(function* () {
      const dir = join(yield* tempDir, "nested", "kv")
      yield* (yield* FileKvStore.make(dir).bucket("b")).put("k", b("v"))
      assert.isTrue(existsSync(join(dir, "b.json")))
    })
  )
})
