import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { memoryObjectStore } from "../object-store/memory-object-store.ts"
import { ObjectByteSource } from "./object-byte-source.ts"

describe("ObjectByteSource", () => {
  it("reads ranges clipped to the object's end and counts the bytes fetched", async () => {
    const store = memoryObjectStore()
    const body = new Uint8Array(1000).map((_, i) => i % 251)
    await Effect.runPromise(store.put("b/index", body))
    const src = await ObjectByteSource.open(store, "b/index")
    expect(src.size).toBe(1000)
    expect(Array.from(await src.read(10, 5))).toEqual([10, 11, 12, 13, 14])
    expect((await src.read(995, 100)).length).toBe(5)
    expect((await src.read(1000, 10)).length).toBe(0)
    expect(src.bytesRead).toBe(10)
  })

  it("fails to open a missing object", async () => {
    await expect(ObjectByteSource.open(memoryObjectStore(), "nope")).rejects.toThrow()
  })
})
