/**
 * Cutting a block from the head: the chunks of [minTime, maxTime) of every series, copied as
 * bytes (head chunks never cross a multiple of the chunk range, which is the block range), in
 * label order. Plain code; writing and uploading are the caller's.
 */
import type { BlockSeries } from "../blocks/block-writer.ts"
import { sampleChunks } from "../blocks/sample-chunks.ts"
import { encodingXor } from "../chunks/xor-chunk.ts"
import { compareLabels } from "../promql/values.ts"
import type { Head } from "./head.ts"

export const headBlockSeries = (head: Head, minTime: number, maxTime: number): BlockSeries[] => {
  const out: BlockSeries[] = []
  for (const s of head.allSeries()) {
    if (s.hist !== undefined) {
      // Floats and native histograms, re-encoded together (histogram chunks, XOR for floats).
      const [r] = head.selectSeries([s], minTime, maxTime - 1)
      if (r !== undefined)
        out.push({
          labels: s.labels,
          chunks: sampleChunks(r.ts, r.vs, r.hs, {
            integerHistograms: true,
            cutEveryMs: head.options.chunkRangeMs
          })
        })
      continue
    }
    const chunks = s.chunks
      .filter((c) => c.count > 0 && c.minTime >= minTime && c.maxTime < maxTime)
      .map((c) => ({
        minTime: c.minTime,
        maxTime: c.maxTime,
        encoding: encodingXor,
        data: c.bytes(),
        numSamples: c.count
      }))
    if (chunks.length > 0) out.push({ labels: s.labels, chunks })
  }
  return out.sort((a, b) => compareLabels(a.labels, b.labels))
}

/** The head's out-of-order samples in [minTime, maxTime) as block series (XOR chunks). */
export const headOutOfOrderBlockSeries = (head: Head, minTime: number, maxTime: number): BlockSeries[] => {
  const out: BlockSeries[] = []
  for (const s of head.oooSeries()) {
    const o = (s.ooo as NonNullable<typeof s.ooo>).samples(minTime, maxTime - 1)
    if (o.ts.length > 0) out.push({ labels: s.labels, chunks: sampleChunks(o.ts, o.vs, undefined) })
  }
  return out.sort((a, b) => compareLabels(a.labels, b.labels))
}
