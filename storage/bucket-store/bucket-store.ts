/**
 * The gateway's view of the blocks in an object store bucket (Thanos layout: `<ulid>/meta.json`,
 * `<ulid>/index`, `<ulid>/chunks/NNNNNN`, `<ulid>/deletion-mark.json`). `sync` refreshes the block
 * list from meta.json files, skipping partial uploads (no meta.json), blocks marked for deletion and
 * downsampled blocks (resolution > 0: only raw data is read). Blocks are opened lazily when a query
 * overlaps them: opening reads only the index header (TOC, symbols, postings offset table) by
 * ranged GETs; series and chunks are read by range per query, never a whole object. Opened readers
 * live in an LRU of bounded size. Overlapping blocks (a block before and after compaction, a head
 * and the block it cut) are merged with samples at the same timestamp kept once.
 */
import { Effect } from "effect"
import { type BlockMeta, parseBlockMeta } from "../blocks/block-meta.ts"
import { blocksQueryable } from "../blocks/block-queryable.ts"
import { BlockReader } from "../blocks/block-reader.ts"
import { mergeQueryable } from "../merge/merge-queryable.ts"
import type { ObjectStoreShape } from "../object-store/object-store.ts"
import { type Queryable, StorageUnavailableError } from "../queryable.ts"
import { ObjectByteSource } from "./object-byte-source.ts"

export interface BucketStoreOptions {
  /** Opened block readers kept; the least recently used beyond this are dropped. Default 64. */
  readonly maxOpenBlocks?: number
  /** When set, only blocks whose `thanos.labels` contain all these pairs are read. */
  readonly externalLabels?: Readonly<Record<string, string>>
}

export interface BucketStoreStats {
  blocksLoaded: number
  syncFailures: number
  bytesRead: number
}

const decoder = new TextDecoder()

const isNotFound = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "ObjectNotFoundError"

const run = <A>(eff: Effect.Effect<A, unknown>): Promise<A> =>
  Effect.runPromise(Effect.mapError(eff, (e) => (e instanceof Error ? e : new Error(String(e)))))

const thanosOf = (meta: BlockMeta): { labels?: Record<string, string>; resolution: number } => {
  const t = meta.thanos as
    | { labels?: Record<string, string>; downsample?: { resolution?: number } }
    | undefined
  return { labels: t?.labels, resolution: t?.downsample?.resolution ?? 0 }
}

export class BucketStore {
  readonly stats: BucketStoreStats = { blocksLoaded: 0, syncFailures: 0, bytesRead: 0 }
  private readonly store: ObjectStoreShape
  private readonly maxOpen: number
  private readonly external: Readonly<Record<string, string>> | undefined
  private metas = new Map<string, BlockMeta>()
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly open = new Map<string, Promise<BlockReader>>()
  private readonly sources = new Map<string, ObjectByteSource[]>()

  constructor(store: ObjectStoreShape, options: BucketStoreOptions = {}) {
    this.store = store
    this.maxOpen = Math.max(1, options.maxOpenBlocks ?? 64)
    this.external = options.externalLabels
  }

  /** The blocks the last sync found usable, by ascending minTime. */
  blocks(): ReadonlyArray<BlockMeta> {
    return [...this.metas.values()].sort((a, b) => a.minTime - b.minTime || (a.ulid < b.ulid ? -1 : 1))
  }

  /** Bytes fetched by range reads of opened blocks (index and chunks). */
  bytesRead(): number {
    let n = 0
    for (const list of this.sources.values()) for (const s of list) n += s.bytesRead
    return n + this.stats.bytesRead
  }

  /** Refreshes the block list from the bucket. A failure keeps the previous list and counts. */
  async sync(): Promise<void> {
    try {
      const ids = await this.listBlockIds()
      const next = new Map<string, BlockMeta>()
      for (const id of ids) {
        if (await run(this.store.exists(`${id}/deletion-mark.json`))) continue
        let meta = this.metas.get(id)
        if (meta === undefined) {
          let text: string
          try {
            text = decoder.decode(await run(this.store.get(`${id}/meta.json`)))
          } catch (e) {
            if (isNotFound(e)) continue // a partial upload: meta.json goes up last
            throw e
          }
          meta = parseBlockMeta(text, `${id}/meta.json`)
        }
        const t = thanosOf(meta)
        if (t.resolution > 0) continue
        if (this.external !== undefined) {
          const ls = t.labels ?? {}
          if (!Object.entries(this.external).every(([k, v]) => ls[k] === v)) continue
        }
        next.set(id, meta)
      }
      for (const id of this.open.keys()) if (!next.has(id)) this.drop(id)
      this.metas = next
    } catch (e) {
      this.stats.syncFailures++
      throw e
    }
  }

  /** Syncs now and every `intervalMs`; returns a function that stops it. Failures are counted. */
  startSync(intervalMs: number, onError: (e: unknown) => void = () => {}): () => void {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const loop = () => {
      this.sync()
        .catch(onError)
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, intervalMs)
        })
    }
    loop()
    return () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    }
  }

  /** The number of block readers currently open. */
  openBlocks(): number {
    return this.open.size
  }

  readonly queryable: Queryable = {
    querier: (minTimeMs, maxTimeMs) =>
      Effect.gen({ self: this }, function* () {
        const metas = this.blocks().filter((m) => m.maxTime > minTimeMs && m.minTime <= maxTimeMs)
        const readers = yield* Effect.tryPromise({
          try: () => Promise.all(metas.map((m) => this.reader(m.ulid))),
          catch: (cause) => new StorageUnavailableError({ source: "bucket", cause })
        })
        if (readers.length === 1) return yield* blocksQueryable(() => readers).querier(minTimeMs, maxTimeMs)
        return yield* mergeQueryable(readers.map((r) => blocksQueryable(() => [r]))).querier(
          minTimeMs,
          maxTimeMs
        )
      })
  }

  private async listBlockIds(): Promise<string[]> {
    const ids: string[] = []
    let token: string | undefined
    do {
      const page = await run(this.store.list("", { delimiter: "/", continuationToken: token }))
      for (const p of page.commonPrefixes) {
        const id = p.endsWith("/") ? p.slice(0, -1) : p
        if (/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) ids.push(id)
      }
      token = page.continuationToken
    } while (token !== undefined)
    return ids
  }

  private reader(id: string): Promise<BlockReader> {
    const hit = this.open.get(id)
    if (hit !== undefined) {
      this.open.delete(id)
      this.open.set(id, hit)
      return hit
    }
    const p = this.openBlock(id)
    this.open.set(id, p)
    p.catch(() => {
      if (this.open.get(id) === p) this.drop(id)
    })
    while (this.open.size > this.maxOpen) {
      const oldest = this.open.keys().next().value
      if (oldest === undefined) break
      this.drop(oldest)
    }
    return p
  }

  private drop(id: string): void {
    this.open.delete(id)
    const srcs = this.sources.get(id)
    if (srcs !== undefined) for (const s of srcs) this.stats.bytesRead += s.bytesRead
    this.sources.delete(id)
  }

  private async openBlock(id: string): Promise<BlockReader> {
    const meta = this.metas.get(id)
    if (meta === undefined) throw new Error(`block ${id} is not in the bucket`)
    const chunkKeys: { key: string; size: number }[] = []
    let token: string | undefined
    do {
      const page = await run(this.store.list(`${id}/chunks/`, { continuationToken: token }))
      for (const o of page.objects) chunkKeys.push({ key: o.key, size: o.size })
      token = page.continuationToken
    } while (token !== undefined)
    chunkKeys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    let tombstones: Uint8Array | undefined
    try {
      tombstones = await run(this.store.get(`${id}/tombstones`))
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
    const index = await ObjectByteSource.open(this.store, `${id}/index`)
    const segments = chunkKeys.map((c) => ObjectByteSource.withSize(this.store, c.key, c.size))
    this.sources.set(id, [index, ...segments])
    const reader = await BlockReader.fromSources(id, JSON.stringify(meta), index, segments, tombstones)
    this.stats.blocksLoaded++
    return reader
  }
}
