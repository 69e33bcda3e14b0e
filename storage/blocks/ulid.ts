/**
 * ULIDs as Prometheus names blocks: 48-bit millisecond time + 80 random bits, 26 characters of
 * Crockford base32, upper case, so they sort by creation time.
 */
import { randomBytes } from "node:crypto"

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

export const ulid = (timeMs: number = Date.now(), random: Uint8Array = randomBytes(10)): string => {
  const bytes = new Uint8Array(16)
  let t = timeMs
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256
    t = Math.floor(t / 256)
  }
  bytes.set(random.subarray(0, 10), 6)
  // 128 bits → 26 chars of 5 bits, the first char carrying the top 3 bits (2 padding bits first).
  let out = ""
  let acc = 0
  let bits = 2 // virtual leading zero bits: 130 = 26 × 5
  for (const b of bytes) {
    acc = (acc << 8) | b
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += alphabet[(acc >>> bits) & 31]
    }
    acc &= (1 << bits) - 1
  }
  return out
}

export const isUlid = (s: string): boolean => /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(s)

/** The creation time a ULID carries. */
export const ulidTime = (id: string): number => {
  let t = 0
  for (const ch of id.slice(0, 10)) t = t * 32 + alphabet.indexOf(ch)
  return t
}
