/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as Prometheus's chunk records, index
 * sections and remote-read frames use it. Table-driven, plain code.
 */

const table = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC-32C of bytes[from, to); pass a previous result as `crc` to continue it. */
export const crc32c = (bytes: Uint8Array, from = 0, to = bytes.length, crc = 0): number => {
  let c = ~crc >>> 0
  for (let i = from; i < to; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}
