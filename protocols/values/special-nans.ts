/**
 * The two NaNs Prometheus distinguishes by their bits: the staleness marker 0x7ff0000000000002
 * ("this series ended here") and the canonical value NaN 0x7ff8000000000001 that every parsed or
 * computed NaN is stored as. The marker is a signalling NaN, and V8 sets its quiet bit when the
 * number passes through a plain array or arithmetic (0x7ff8000000000002), so the marker is
 * recognised by its payload alone; encoders write the exact bits with `valueBits`.
 */

const view = new DataView(new ArrayBuffer(8))

const fromBits = (bits: bigint): number => {
  view.setBigUint64(0, bits)
  return view.getFloat64(0)
}

export const staleMarkerBits = 0x7ff0000000000002n
export const normalNaNBits = 0x7ff8000000000001n

/** The staleness marker as a number; store it only into Float64Array/DataView to keep its bits. */
export const staleMarker: number = fromBits(staleMarkerBits)
/** Prometheus's canonical NaN for sample values. */
export const normalNaN: number = fromBits(normalNaNBits)

export const bitsOf = (v: number): bigint => {
  view.setFloat64(0, v)
  return view.getBigUint64(0)
}

const payloadMask = 0x0007ffffffffffffn // mantissa without the quiet bit

/** True for the staleness marker, whether or not V8 has set its quiet bit. */
export const isStaleMarker = (v: number): boolean => Number.isNaN(v) && (bitsOf(v) & payloadMask) === 2n

/** Any NaN that is not the staleness marker becomes Prometheus's canonical NaN. */
export const canonicalValue = (v: number): number => (Number.isNaN(v) && !isStaleMarker(v) ? normalNaN : v)

/** The bits to store for a sample value: the exact marker, the canonical NaN, or the float's own. */
export const valueBits = (v: number): bigint =>
  Number.isNaN(v) ? (isStaleMarker(v) ? staleMarkerBits : normalNaNBits) : bitsOf(v)
