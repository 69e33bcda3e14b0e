/**
 * Remote write 2.0 (`io.prometheus.write.v2.Request`, spec §2.4): the symbols table (symbols[0]
 * must be ""), series with label refs, float samples (raw bytes kept), histograms and exemplars
 * counted (not stored yet), metadata. Bad refs are errors naming the ref and the series index.
 * Produces the same shape as the 1.0 decoder so the receiver handles both alike.
 */
import { type DecodedWriteRequest, DecodeError, ProtoReader } from "./write-request-decoder.ts"

const utf8 = new TextDecoder("utf-8", { fatal: false })

export const decodeWriteRequestV2 = (body: Uint8Array): DecodedWriteRequest | DecodeError => {
  const out: DecodedWriteRequest = { series: [], metadata: [], histograms: 0, exemplars: 0 }
  const symbols: string[] = []
  const rawSeries: Array<[number, number]> = []
  try {
    const r = new ProtoReader(body)
    while (r.pos < r.end) {
      const key = r.varint()
      const field = Math.floor(key / 8)
      const wire = key & 7
      if (field === 4 && wire === 2) {
        const [s, e] = r.bytes()
        symbols.push(utf8.decode(body.subarray(s, e)))
      } else if (field === 5 && wire === 2) rawSeries.push(r.bytes())
      else r.skip(wire)
    }
    if (symbols.length > 0 && symbols[0] !== "")
      throw new DecodeError(`symbols[0] must be the empty string, got ${JSON.stringify(symbols[0])}`)
    rawSeries.forEach(([s, e], index) => {
      const sr = new ProtoReader(body, s, e)
      const refs: number[] = []
      const timestamps: number[] = []
      let values = new Float64Array(4)
      let n = 0
      let help = 0
      let unit = 0
      let type = 0
      while (sr.pos < e) {
        const key = sr.varint()
        const field = Math.floor(key / 8)
        const wire = key & 7
        if (field === 1 && wire === 2) {
          const [ps, pe] = sr.bytes()
          const pr = new ProtoReader(body, ps, pe)
          while (pr.pos < pe) refs.push(pr.varint())
        } else if (field === 1 && wire === 0) refs.push(sr.varint())
        else if (field === 2 && wire === 2) {
          const [ss, se] = sr.bytes()
          const smp = new ProtoReader(body, ss, se)
          if (n === values.length) {
            const g = new Float64Array(n * 2)
            g.set(values)
            values = g
          }
          values[n] = 0
          let t = 0
          while (smp.pos < se) {
            const k = smp.varint()
            if (k === 9) smp.doubleInto(values, n)
            else if (k === 16) t = smp.int64()
            else smp.skip(k & 7)
          }
          timestamps.push(t)
          n++
        } else if (field === 3 && wire === 2) {
          sr.bytes()
          out.histograms++
        } else if (field === 4 && wire === 2) {
          sr.bytes()
          out.exemplars++
        } else if (field === 5 && wire === 2) {
          const [ms, me] = sr.bytes()
          const mr = new ProtoReader(body, ms, me)
          while (mr.pos < me) {
            const k = mr.varint()
            if (k === 8) type = mr.varint()
            else if (k === 24) help = mr.varint()
            else if (k === 32) unit = mr.varint()
            else mr.skip(k & 7)
          }
        } else sr.skip(wire)
      }
      if (refs.length % 2 !== 0)
        throw new DecodeError(`series ${index}: odd number of label refs (${refs.length})`)
      const labels: string[] = []
      for (const ref of refs) {
        if (ref >= symbols.length)
          throw new DecodeError(
            `series ${index}: symbol reference ${ref} out of range (${symbols.length} symbols)`
          )
        labels.push(symbols[ref])
      }
      for (const ref of [help, unit]) {
        if (ref >= symbols.length)
          throw new DecodeError(
            `series ${index}: symbol reference ${ref} out of range (${symbols.length} symbols)`
          )
      }
      out.series.push({ labels, timestamps, values: values.subarray(0, n) })
      const name = labels[labels.indexOf("__name__") + 1]
      if (type !== 0 && name !== undefined)
        out.metadata.push({ type, family: name, help: symbols[help] ?? "", unit: symbols[unit] ?? "" })
    })
    return out
  } catch (e) {
    if (e instanceof DecodeError) return e
    throw e
  }
}
