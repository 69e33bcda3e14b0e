/**
 * ULIDs as Prometheus names blocks: 48-bit millisecond time + 80 random bits, 26 characters of
 * Crockford base32, upper case, so names sort by creation time. `UlidFactory` is monotonic: within
 * one millisecond (or when the clock steps back) it increments the previous random part.
 */
import { randomBytes } from "node:crypto"

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** The ULID of a time and 10 random bytes. */
export const ulid = (timeMs: number = Date.now(), random: Uint8Array = randomBytes(10)): string => {
  if (!Number.isSafeInteger(timeMs) || timeMs < 0 || timeMs >= 2 ** 48)
    throw new RangeError(`ULID time ${timeMs} is not a 48-bit millisecond count`)
  const bytes = new Uint8Array(16)
  let t = timeMs
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256
    t = Math.floor(t / 256)
  }
  bytes.set(random.subarray(0, 10), 6)
  // 128 bits → 26 characters of 5 bits; the first carries the top 3 bits (2 leading zero bits).
  let out = ""
  let acc = 0
  let bits = 2
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

/** Strictly increasing ULIDs from one process, even for several blocks in one millisecond. */
export class UlidFactory {
  private lastMs = -1
  private readonly last = new Uint8Array(10)
  private readonly random: () => Uint8Array

  constructor(random: () => Uint8Array = () => randomBytes(10)) {
    this.random = random
  }

  next(nowMs: number = Date.now()): string {
    if (nowMs > this.lastMs) {
      this.lastMs = nowMs
      this.last.set(this.random().subarray(0, 10))
    } else {
      // Same or earlier millisecond: keep the previous time, add one to the 80-bit random part.
      let i = 9
      while (i >= 0 && this.last[i] === 0xff) this.last[i--] = 0
      if (i < 0) throw new RangeError(`ULID random part overflowed within millisecond ${this.lastMs}`)
      this.last[i]++
    }
    return ulid(this.lastMs, this.last)
  }
}
