/**
 * The ObjectStore contract (storage/object-store/object-store.ts), one suite run against the
 * filesystem store, the memory store, S3 on s3rver (the global setup's) and S3 on fauxqs (started
 * here), each under its own key prefix. A case a server gets wrong is skipped there, with the reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3"
import { Effect, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { fsObjectStore } from "../../storage/object-store/fs-object-store.ts"
import { memoryObjectStore } from "../../storage/object-store/memory-object-store.ts"
import type {
  ObjectNotFoundError,
  ObjectStoreShape,
  ObjectStoreUnavailableError,
  PutBody
} from "../../storage/object-store/object-store.ts"
import { s3ObjectStore } from "../../storage/object-store/s3-object-store.ts"
import { s3rverClientConfig } from "../support/servers.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-objstore-"))
const fauxqsBucket = "vesta-faux"
let fauxqs: { close: () => Promise<unknown>; endpoint: string } | undefined
const closers: Array<() => void> = []
beforeAll(async () => {
  const { buildApp } = await import("fauxqs")
  const app = buildApp({ logger: false })
  const endpoint = await app.listen({ host: "127.0.0.1", port: 0 })
  fauxqs = { close: () => app.close(), endpoint }
  const s3 = new S3Client(fauxqsClient())
  await s3.send(new CreateBucketCommand({ Bucket: fauxqsBucket }))
  s3.destroy()
})
afterAll(async () => {
  for (const close of closers) close()
  await fauxqs?.close()
  rmSync(dir, { recursive: true, force: true })
})
const fauxqsClient = () => ({
  ...s3rverClientConfig(fauxqs?.endpoint ?? ""),
  credentials: { accessKeyId: "fauxqs", secretAccessKey: "fauxqs" }
})

const MiB = 1024 * 1024
const partSizeBytes = 5 * MiB

/** Cases a backend is known to get wrong, each with the reason shown in the skipped case's name. */
interface Quirks {
  readonly pagedDelimiter?: string
  readonly unicodeOrder?: string
  readonly nestedOnlyPrefix?: string
  readonly startAfterInPrefix?: string
  readonly atomicOverwrite?: string
  readonly flatOrder?: string
  readonly emptyRange?: string
}
interface Backend {
  readonly make: () => ObjectStoreShape
  readonly quirks: Quirks
  /** S3 multipart ETags end in -<parts>; proves the big put went up in parts. */
  readonly multipartEtag?: boolean
}
const s3 = (options: Parameters<typeof s3ObjectStore>[0]) => {
  const store = s3ObjectStore(options)
  closers.push(store.close)
  return store
}
const backends: Record<string, Backend> = {
  filesystem: { make: () => fsObjectStore(join(dir, "fs")), quirks: {} },
  memory: { make: memoryObjectStore, quirks: {} },
  "S3 (s3rver)": {
    make: () =>
      s3({ bucket: inject("s3Bucket"), client: s3rverClientConfig(inject("s3Endpoint")), partSizeBytes }),
    quirks: {
      pagedDelimiter: "s3rver ignores MaxKeys together with a Delimiter (test-infra.md §2)",
      emptyRange: "s3rver never finishes the response to a range GET of an empty object",
      flatOrder: "s3rver lists without a delimiter in directory-walk order (01A/… before 01A-x/…)",
      nestedOnlyPrefix: "s3rver leaves out a common prefix that holds only deeper objects",
      atomicOverwrite: "s3rver rewrites the object file in place, so a concurrent GET can read part of it"
    }
  },
  "S3 (fauxqs)": {
    make: () => s3({ bucket: fauxqsBucket, client: fauxqsClient(), partSizeBytes }),
    quirks: {
      pagedDelimiter: "fauxqs repeats a common prefix on the next page",
      startAfterInPrefix: "fauxqs drops a common prefix when startAfter falls inside it",
      unicodeOrder: "fauxqs sorts keys by locale collation, not by UTF-8 bytes"
    },
    multipartEtag: true
  }
}

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
const failure = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(Effect.flip(e))
const b = (s: string) => new TextEncoder().encode(s)
const t = (u: Uint8Array) => new TextDecoder().decode(u)
const keysOf = (page: { objects: ReadonlyArray<{ key: string }> }) => page.objects.map((o) => o.key)
const pattern = (n: number, seed: number) => {
  const out = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24
  return out
}
const same = (a: Uint8Array, c: Uint8Array) => Buffer.from(a).equals(Buffer.from(c))
async function* chunks(bytes: Uint8Array, size: number, failAfter?: number) {
  for (let at = 0, n = 0; at < bytes.length; at += size, n++) {
    if (n === failAfter) throw new Error("source broke")
    yield bytes.subarray(at, at + size)
  }
}

for (const [name, { make, quirks, multipartEtag }] of Object.entries(backends)) {
  /** `it`, or a skipped case whose name carries the reason. */
  const itUnless = (
    reason: string | undefined,
    title: string,
    fn: () => Promise<void>,
    timeoutMs?: number
  ) => (reason ? it.skip(`${title} (skipped: ${reason})`, fn) : it(title, fn, timeoutMs))
  describe(`ObjectStore contract: ${name}`, () => {
    const p = `run-${Date.now()}-${Math.random().toString(36).slice(2, 8)}/`
    let s: ObjectStoreShape
    beforeAll(() => {
      s = make()
    })

    it("puts and gets; an overwrite replaces bytes, size and etag", async () => {
      await run(s.put(`${p}obj`, b("0123456789")))
      expect(t(await run(s.get(`${p}obj`)))).toBe("0123456789")
      const before = await run(s.head(`${p}obj`))
      await run(s.put(`${p}obj`, b("new")))
      expect(t(await run(s.get(`${p}obj`)))).toBe("new")
      const after = await run(s.head(`${p}obj`))
      expect([before.size, after.size]).toEqual([10, 3])
      expect(after.etag).not.toBe(before.etag)
    })

    it("round-trips every byte value and an empty object", async () => {
      const bytes = new Uint8Array(4096).map((_, i) => i & 0xff)
      await run(s.put(`${p}bin`, bytes))
      expect(same(await run(s.get(`${p}bin`)), bytes)).toBe(true)
      await run(s.put(`${p}empty`, new Uint8Array()))
      expect((await run(s.get(`${p}empty`))).length).toBe(0)
      expect((await run(s.head(`${p}empty`))).size).toBe(0)
    })

    itUnless(quirks.emptyRange, "reads a byte range of an empty object as empty", async () => {
      await run(s.put(`${p}empty-ranged`, new Uint8Array()))
      expect((await run(s.getRange(`${p}empty-ranged`, 0, 10))).length).toBe(0)
    })

    const rangeCases: Array<[string, number, number, number, number]> = [
      // label, offset, length, expected start, expected end (exclusive) within a 1000-byte object
      ["start", 0, 16, 0, 16],
      ["middle", 500, 100, 500, 600],
      ["end", 990, 10, 990, 1000],
      ["clipped at the end", 995, 2000, 995, 1000],
      ["one byte", 999, 1, 999, 1000],
      ["whole object", 0, 1000, 0, 1000],
      ["offset at the end: empty", 1000, 10, 0, 0],
      ["offset past the end: empty", 5000, 10, 0, 0],
      ["zero length: empty", 10, 0, 0, 0]
    ]
    it.each(rangeCases)("reads a byte range: %s", async (_label, offset, length, from, to) => {
      const bytes = pattern(1000, 7)
      await run(s.put(`${p}ranged`, bytes))
      const got = await run(s.getRange(`${p}ranged`, offset, length))
      expect(got.length).toBe(to - from)
      expect(same(got, bytes.subarray(from, to))).toBe(true)
    })

    it("heads an object: size, last-modified, etag; exists says yes and no", async () => {
      const startMs = Date.now()
      await run(s.put(`${p}headed`, pattern(1234, 3)))
      const info = await run(s.head(`${p}headed`))
      expect(info.key).toBe(`${p}headed`)
      expect(info.size).toBe(1234)
      expect(info.etag).not.toBe("")
      expect(info.etag).not.toMatch(/"/)
      // S3 keeps whole seconds.
      expect(info.lastModifiedMs).toBeGreaterThanOrEqual(Math.floor(startMs / 1000) * 1000 - 2000)
      expect(info.lastModifiedMs).toBeLessThanOrEqual(Date.now() + 2000)
      expect(await run(s.exists(`${p}headed`))).toBe(true)
      expect(await run(s.exists(`${p}absent`))).toBe(false)
    })

    it("fails get, getRange and head on a missing key with ObjectNotFoundError", async () => {
      const attempts: Array<Effect.Effect<unknown, ObjectNotFoundError | ObjectStoreUnavailableError>> = [
        s.get(`${p}missing`),
        s.head(`${p}missing`),
        s.getRange(`${p}missing`, 0, 10)
      ]
      for (const e of attempts) {
        const err = await failure(e)
        expect(err._tag).toBe("ObjectNotFoundError")
        expect(err.message).toBe(`object "${p}missing" not found`)
      }
      // A "directory" is not an object either.
      await run(s.put(`${p}dir/inner`, b("x")))
      expect((await failure(s.get(`${p}dir`)))._tag).toBe("ObjectNotFoundError")
    })

    it("lists with a prefix and a delimiter, like nested directories", async () => {
      const l = `${p}list/`
      const keys = [
        "01A/meta.json",
        "01A/chunks/000001",
        "01A/chunks/000002",
        "01A-x/meta.json",
        "01B/index",
        "top.json",
        "zz"
      ]
      for (const k of keys) await run(s.put(l + k, b(k)))
      const root = await run(s.list(l, { delimiter: "/" }))
      expect(root.commonPrefixes).toEqual([`${l}01A-x/`, `${l}01A/`, `${l}01B/`])
      expect(keysOf(root)).toEqual([`${l}top.json`, `${l}zz`])
      expect(root.continuationToken).toBeUndefined()
      const block = await run(s.list(`${l}01A/`, { delimiter: "/" }))
      expect([block.commonPrefixes, keysOf(block)]).toEqual([[`${l}01A/chunks/`], [`${l}01A/meta.json`]])
      const partial = await run(s.list(`${l}01`, { delimiter: "/" }))
      expect([partial.commonPrefixes, keysOf(partial)]).toEqual([[`${l}01A-x/`, `${l}01A/`, `${l}01B/`], []])
      const flat = await run(s.list(l))
      expect(keysOf(flat).sort()).toEqual([...keys].sort().map((k) => l + k))
      expect(flat.objects.find((o) => o.key === `${l}zz`)?.size).toBe(2)
      expect(await run(s.list(`${l}nothing-here/`, { delimiter: "/" }))).toEqual({
        objects: [],
        commonPrefixes: [],
        continuationToken: undefined
      })
    })

    it("pages with a small maxKeys over four pages, by hand and as a stream", async () => {
      const l = `${p}paged/`
      const all = Array.from({ length: 10 }, (_, i) => `${l}k${String(i).padStart(2, "0")}`)
      for (const k of [...all].reverse()) await run(s.put(k, b(k)))
      const pages: string[][] = []
      let token: string | undefined
      do {
        const page = await run(s.list(l, { maxKeys: 3, continuationToken: token }))
        pages.push(keysOf(page))
        token = page.continuationToken
      } while (token !== undefined)
      expect(pages).toEqual([all.slice(0, 3), all.slice(3, 6), all.slice(6, 9), all.slice(9)])
      const streamed = await run(Stream.runCollect(s.listAll(l, { maxKeys: 3 })))
      expect(streamed.map(keysOf)).toEqual(pages)
      const after = await run(s.list(l, { startAfter: `${l}k04` }))
      expect(keysOf(after)).toEqual(all.slice(5))
      const afterPaged = await run(Stream.runCollect(s.listAll(l, { startAfter: `${l}k04`, maxKeys: 2 })))
      expect(afterPaged.flatMap(keysOf)).toEqual(all.slice(5))
      expect(afterPaged.length).toBe(3)
    })

    itUnless(quirks.pagedDelimiter, "pages common prefixes and objects together under maxKeys", async () => {
      const l = `${p}pd/`
      for (const k of ["a/1", "a/2", "b/1", "c", "e/1", "e/2/3", "f"]) await run(s.put(l + k, b(k)))
      const pages = await run(Stream.runCollect(s.listAll(l, { delimiter: "/", maxKeys: 2 })))
      expect(pages.map((pg) => [...pg.commonPrefixes, ...keysOf(pg)].sort())).toEqual([
        [`${l}a/`, `${l}b/`],
        [`${l}c`, `${l}e/`],
        [`${l}f`]
      ])
    })

    itUnless(
      quirks.startAfterInPrefix,
      "startAfter inside a directory still rolls the rest of it up",
      async () => {
        const l = `${p}sa/`
        for (const k of ["a/1", "a/2", "b/1", "c"]) await run(s.put(l + k, b(k)))
        const page = await run(s.list(l, { delimiter: "/", startAfter: `${l}a/1` }))
        expect([page.commonPrefixes, keysOf(page)]).toEqual([[`${l}a/`, `${l}b/`], [`${l}c`]])
        const past = await run(s.list(l, { delimiter: "/", startAfter: `${l}a/2` }))
        expect([past.commonPrefixes, keysOf(past)]).toEqual([[`${l}b/`], [`${l}c`]])
      }
    )

    it("deletes idempotently; an emptied directory leaves the listing", async () => {
      await run(s.put(`${p}del/only/child`, b("x")))
      await run(s.delete(`${p}del/only/child`))
      expect((await failure(s.get(`${p}del/only/child`)))._tag).toBe("ObjectNotFoundError")
      await run(s.delete(`${p}del/only/child`))
      await run(s.delete(`${p}del/never-existed`))
      const page = await run(s.list(`${p}del/`, { delimiter: "/" }))
      expect([page.commonPrefixes, keysOf(page)]).toEqual([[], []])
    })

    itUnless(quirks.flatOrder, "lists without a delimiter in byte order across directories", async () => {
      const l = `${p}flat/`
      const keys = ["01A-x/meta.json", "01A/chunks/000001", "01A/meta.json", "01A0", "01B/index"]
      for (const k of [...keys].reverse()) await run(s.put(l + k, b(k)))
      expect(keysOf(await run(s.list(l)))).toEqual(keys.map((k) => l + k))
      const paged = await run(Stream.runCollect(s.listAll(l, { maxKeys: 2 })))
      expect(paged.flatMap(keysOf)).toEqual(keys.map((k) => l + k))
    })

    itUnless(
      quirks.nestedOnlyPrefix,
      "a directory holding only deeper objects is a common prefix",
      async () => {
        const l = `${p}nested/`
        for (const k of ["debug/metas/01A.json", "debug/metas/01B.json", "x"]) await run(s.put(l + k, b(k)))
        const root = await run(s.list(l, { delimiter: "/" }))
        expect([root.commonPrefixes, keysOf(root)]).toEqual([[`${l}debug/`], [`${l}x`]])
        const metas = await run(s.list(`${l}debug/`, { delimiter: "/" }))
        expect([metas.commonPrefixes, keysOf(metas)]).toEqual([[`${l}debug/metas/`], []])
      }
    )

    const big = pattern(12 * MiB + 1234, 11)
    const bodies: Array<[string, () => PutBody]> = [
      ["a byte array", () => big],
      ["an async iterable of 1 MiB chunks", () => chunks(big, MiB)],
      ["a file", () => ({ filePath: join(dir, "big.bin") })]
    ]
    it.each(bodies)(
      "puts 12 MiB from %s in parts, byte for byte",
      async (_label, body) => {
        writeFileSync(join(dir, "big.bin"), big)
        const key = `${p}big/${_label.replaceAll(" ", "-")}`
        await run(s.put(key, body()))
        const info = await run(s.head(key))
        expect(info.size).toBe(big.length)
        if (multipartEtag) expect(info.etag).toMatch(/-3$/)
        expect(same(await run(s.get(key)), big)).toBe(true)
        expect(
          same(await run(s.getRange(key, 6 * MiB - 10, 20)), big.subarray(6 * MiB - 10, 6 * MiB + 10))
        ).toBe(true)
      },
      120_000
    )

    it("keeps the old object when a streamed put fails midway", async () => {
      await run(s.put(`${p}keep`, b("old")))
      const err = await failure(s.put(`${p}keep`, chunks(pattern(3 * MiB, 5), MiB, 2)))
      expect(err._tag).toBe("ObjectStoreUnavailableError")
      expect(err.message).toContain("source broke")
      expect(t(await run(s.get(`${p}keep`)))).toBe("old")
    })

    itUnless(
      quirks.atomicOverwrite,
      "readers see the old or the new object during overwrites, never a part",
      async () => {
        const versions = [pattern(2 * MiB, 1), pattern(2 * MiB, 2)]
        await run(s.put(`${p}atomic`, versions[0]))
        const reads: Array<Promise<Uint8Array>> = []
        const writes: Array<Promise<void>> = []
        for (let i = 0; i < 4; i++) {
          writes.push(run(s.put(`${p}atomic`, versions[(i + 1) % 2])))
          reads.push(run(s.get(`${p}atomic`)), run(s.get(`${p}atomic`)))
        }
        await Promise.all(writes)
        for (const got of await Promise.all(reads))
          expect(same(got, versions[0]) || same(got, versions[1])).toBe(true)
      },
      60_000
    )

    const specialKeys = [
      "ünïcødé/日本語.json",
      "space key/a b",
      "plus+equals=amp&",
      "percent%20not-decoded",
      "emoji/😀",
      "quotes'\"and;semi,comma",
      "hash#question?",
      "tilde~star*(paren)[bracket]",
      "dots.in.name/.hidden"
    ]
    it("stores keys with unicode and special characters, and lists them back", async () => {
      const l = `${p}special/`
      for (const k of specialKeys) await run(s.put(l + k, b(k)))
      for (const k of specialKeys) expect(t(await run(s.get(l + k)))).toBe(k)
      const flat = await run(Stream.runCollect(s.listAll(l)))
      expect(flat.flatMap(keysOf).sort()).toEqual(specialKeys.map((k) => l + k).sort())
      const head = await run(s.head(`${l}emoji/😀`))
      expect(head.key).toBe(`${l}emoji/😀`)
    })

    itUnless(
      quirks.unicodeOrder,
      "lists in UTF-8 byte order (U+FFFD before an astral character)",
      async () => {
        const l = `${p}order/`
        const keys = ["a", "z", "\u00e9", "\uFFFD", "😀"] // byte order: 61, 7a, c3a9, efbfbd, f09f9880
        for (const k of [...keys].reverse()) await run(s.put(l + k, b(k)))
        expect(keysOf(await run(s.list(l)))).toEqual(keys.map((k) => l + k))
      }
    )

    it.each(["", "a//b", "../escape", "a/./b", "trailing/", "/leading", "nul\u0000"])(
      "refuses the invalid key %j as a defect",
      async (key) => {
        await expect(run(s.put(key, b("x")))).rejects.toThrow(/invalid object key/)
        await expect(run(s.get(key))).rejects.toThrow(/invalid object key/)
      }
    )
  })
}

describe("ObjectStore over S3: operating errors", () => {
  it("reports an unreachable server as ObjectStoreUnavailableError, not as not found", async () => {
    const s = s3({ bucket: "b", client: s3rverClientConfig("http://127.0.0.1:1"), partSizeBytes })
    const attempts: Array<Effect.Effect<unknown, ObjectNotFoundError | ObjectStoreUnavailableError>> = [
      s.get("k"),
      s.head("k")
    ]
    for (const e of attempts) {
      const err = await failure(e)
      expect(err._tag).toBe("ObjectStoreUnavailableError")
    }
    const err = await failure(s.list(""))
    expect(err.message).toMatch(/^object store list "" failed: /)
  })
  it("reports a missing bucket on get and list as unavailable", async () => {
    const s = s3({
      bucket: "no-such-bucket",
      client: s3rverClientConfig(inject("s3Endpoint")),
      partSizeBytes
    })
    expect((await failure(s.get("k")))._tag).toBe("ObjectStoreUnavailableError")
    expect((await failure(s.list("")))._tag).toBe("ObjectStoreUnavailableError")
  })
})
