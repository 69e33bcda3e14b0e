/**
 * Prints a block's samples the way `promtool tsdb dump` does (`{name="value", …} value ts`, one
 * line per sample, series in index order), reading through BlockReader's async readers. As
 * promtool 2.42 does, a series' lines stop at its first native histogram sample (histogram chunk);
 * other encodings throw naming the block and series. For tests and the CLI.
 */
import { formatG } from "../../protocols/metrics/go-float.ts"
import { ChunkEncoding, encodingName } from "../chunks/chunk-encoding.ts"
import { encodingXor, XorIterator } from "../chunks/xor-chunk.ts"
import type { Labels } from "../labels/labels.ts"
import type { BlockReader } from "./block-reader.ts"

/** Go's %q for the printable strings labels hold; JSON escapes the same characters here. */
const quote = (s: string): string => JSON.stringify(s)

export const dumpBlock = async (
  r: BlockReader,
  write: (lines: string, labels: Labels) => void
): Promise<number> => {
  const it = new XorIterator()
  let samples = 0
  for (const id of await r.index.select([])) {
    const s = await r.index.series(id)
    const inner: string[] = []
    for (let i = 0; i < s.labels.length; i += 2) inner.push(`${s.labels[i]}=${quote(s.labels[i + 1])}`)
    const prefix = `{${inner.join(", ")}} `
    let out = ""
    for (let i = 0; i < s.chunks.length; i++) {
      const c = await r.chunks.chunk(s.chunks[i].ref, s.chunks[i + 1]?.ref)
      if (c.encoding === ChunkEncoding.histogram || c.encoding === ChunkEncoding.floatHistogram) break
      if (c.encoding !== encodingXor)
        throw new Error(
          `block ${r.meta.ulid}: series ${id} has a ${encodingName(c.encoding)} chunk; dump prints floats only`
        )
      it.reset(c.data)
      while (it.next()) {
        out += `${prefix}${Object.is(it.value, -0) ? "-0" : formatG(it.value)} ${it.timeMs}\n`
        samples++
      }
    }
    write(out, s.labels)
  }
  return samples
}
