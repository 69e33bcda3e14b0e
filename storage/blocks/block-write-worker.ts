/**
 * Writing a block off the event loop: `writeBlockInWorker` packs the series (labels as one string
 * list, chunk bytes into one transferred buffer, chunk metadata into a Float64Array) and a worker
 * thread runs writeBlock on them (chunk records, CRCs, index, fsync, rename). The caller's thread
 * spends only the packing. The same file is the worker's entry point.
 */

import { callWorker, serveWorkerCall } from "../worker-call.ts"
import type { BlockMeta } from "./block-meta.ts"
import { type BlockChunk, type BlockSeries, type BlockWriterOptions, writeBlock } from "./block-writer.ts"

interface Packed {
  /** Every series' labels, flat, one after the other. */
  readonly labels: string[]
  /** Per series: label strings, then chunk count (pairs). */
  readonly counts: Uint32Array
  /** Per chunk: minTime, maxTime, encoding, numSamples, byte offset, byte length. */
  readonly chunks: Float64Array
  readonly data: Uint8Array
}

interface Job {
  readonly parentDir: string
  readonly packed: Packed
  readonly bounds: { readonly minTime: number; readonly maxTime: number }
  readonly options: BlockWriterOptions
}

const pack = (series: ReadonlyArray<BlockSeries>): Packed => {
  let chunkCount = 0
  let bytes = 0
  for (const s of series)
    for (const c of s.chunks) {
      chunkCount++
      bytes += c.data.length
    }
  const labels: string[] = []
  const counts = new Uint32Array(series.length * 2)
  const chunks = new Float64Array(chunkCount * 6)
  const data = new Uint8Array(bytes)
  let k = 0
  let at = 0
  series.forEach((s, i) => {
    for (const x of s.labels) labels.push(x)
    counts[2 * i] = s.labels.length
    counts[2 * i + 1] = s.chunks.length
    for (const c of s.chunks) {
      const o = 6 * k++
      chunks[o] = c.minTime
      chunks[o + 1] = c.maxTime
      chunks[o + 2] = c.encoding
      chunks[o + 3] = c.numSamples
      chunks[o + 4] = at
      chunks[o + 5] = c.data.length
      data.set(c.data, at)
      at += c.data.length
    }
  })
  return { labels, counts, chunks, data }
}

const unpack = (p: Packed): BlockSeries[] => {
  const out: BlockSeries[] = []
  let l = 0
  let k = 0
  for (let i = 0; i < p.counts.length / 2; i++) {
    const labels = p.labels.slice(l, l + p.counts[2 * i])
    l += p.counts[2 * i]
    const chunks: BlockChunk[] = []
    for (let j = 0; j < p.counts[2 * i + 1]; j++, k++) {
      const c = p.chunks.subarray(6 * k, 6 * k + 6)
      chunks.push({
        minTime: c[0],
        maxTime: c[1],
        encoding: c[2],
        numSamples: c[3],
        data: p.data.subarray(c[4], c[4] + c[5])
      })
    }
    out.push({ labels, chunks })
  }
  return out
}

/** writeBlock in a worker thread; same arguments and result. */
export const writeBlockInWorker = (
  parentDir: string,
  series: ReadonlyArray<BlockSeries>,
  bounds: { readonly minTime: number; readonly maxTime: number },
  options: BlockWriterOptions = {}
): Promise<BlockMeta> => {
  const packed = pack(series)
  return callWorker<BlockMeta>(
    new URL(import.meta.url),
    { parentDir, packed, bounds, options } satisfies Job,
    [packed.data.buffer as ArrayBuffer, packed.chunks.buffer as ArrayBuffer]
  )
}

serveWorkerCall((job: Job) => writeBlock(job.parentDir, unpack(job.packed), job.bounds, job.options))
