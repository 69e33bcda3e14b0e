/**
 * The two NaNs Prometheus distinguishes by their bits: the staleness marker 0x7ff0000000000002
 * ("this series ended here") and the canonical value NaN 0x7ff8000000000001 that every parsed or
 * computed NaN is stored as. JS numbers carry NaN payloads only through Float64Array/DataView
 * (plain arrays of doubles canonicalise NaNs), so hot paths keep values in Float64Arrays and test
 * bits with these helpers, never with isNaN alone.
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

/** True only for the exact staleness marker bits. */
export const isStaleMarker = (v: number): boolean => Number.isNaN(v) && bitsOf(v) === staleMarkerBits

/** Any NaN that is not the staleness marker becomes Prometheus's canonical NaN. */
export const canonicalValue = (v: number): number =>
  Number.isNaN(v) && bitsOf(v) !== staleMarkerBits ? normalNaN : v
