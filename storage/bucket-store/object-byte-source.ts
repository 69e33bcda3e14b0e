/**
 * A ByteSource over one object in an ObjectStore: every read is a ranged GET (never the whole
 * object), the size comes from a HEAD. Counts the bytes it fetched, so callers and tests can check
 * that opening a block reads only its index header.
 */
import { Effect } from "effect"
import type { ByteSource } from "../index/byte-source.ts"
import type { ObjectStoreShape } from "../object-store/object-store.ts"

export class ObjectByteSource implements ByteSource {
  readonly name: string
  readonly size: number
  /** Bytes fetched so far by `read`. */
  bytesRead = 0
  private readonly store: ObjectStoreShape

  private constructor(store: ObjectStoreShape, key: string, size: number) {
    this.store = store
    this.name = key
    this.size = size
  }

  /** Opens `key`, asking the store for its size. Fails when the object is missing. */
  static async open(store: ObjectStoreShape, key: string): Promise<ObjectByteSource> {
    const info = await Effect.runPromise(store.head(key))
    return new ObjectByteSource(store, key, info.size)
  }

  /** Wraps `key` whose size is already known (e.g. from a listing). */
  static withSize(store: ObjectStoreShape, key: string, size: number): ObjectByteSource {
    return new ObjectByteSource(store, key, size)
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset))
    if (n === 0) return new Uint8Array(0)
    const bytes = await Effect.runPromise(this.store.getRange(this.name, offset, n))
    this.bytesRead += bytes.length
    return bytes
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
