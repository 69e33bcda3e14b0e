/**
 * Turns UTF-8 byte ranges into strings and into references in a per-request symbol table,
 * returning the same string object for bytes seen before. Remote write 1.0 senders repeat every
 * label of a series once per sample (Prometheus sends one TimeSeries per sample), so most label
 * bytes in a request are repeats: hashing and comparing short ASCII ranges is cheaper than
 * decoding them again, and the decoded labels become small integer refs into a short table.
 * It is a bounded cache (fixed slots, overwrite on collision), so a table may hold a string twice.
 */

const utf8 = new TextDecoder("utf-8", { fatal: false })

/** Strings longer than this (bytes) skip the cache: rare, and hashing them costs more than it saves. */
const internBytesMax = 64
const slots = 4096

export class StringInterner {
  private readonly strings: Array<string | undefined> = new Array(slots).fill(undefined)
  private readonly hashes = new Int32Array(slots)
  /** Byte length of each slot's string, -1 when empty. */
  private readonly lengths = new Int32Array(slots).fill(-1)
  /** Each slot's bytes, internBytesMax per slot, compared a 32-bit word at a time. */
  private readonly slab = new Uint8Array(slots * internBytesMax)
  private readonly slabView = new DataView(this.slab.buffer)
  /** Which table (epoch) a slot's id belongs to; ids from older tables are stale. */
  private readonly epochs = new Uint32Array(slots)
  private readonly ids = new Uint32Array(slots)
  private epoch = 1
  private table: string[] = []
  private lastBytes: Uint8Array = new Uint8Array(0)
  private view: DataView = new DataView(new ArrayBuffer(0))

  /** Starts a new symbol table: `ref` appends to `table`, which is emptied first. */
  begin(table: string[]): void {
    table.length = 0
    this.table = table
    if (++this.epoch === 0xffffffff) {
      this.epochs.fill(0)
      this.epoch = 1
    }
  }

  /** Index in the current table of the string in b[start, end), appending it when new. */
  ref(b: Uint8Array, start: number, end: number): number {
    const slot = this.slot(b, start, end)
    if (slot < 0) return this.table.push(utf8.decode(b.subarray(start, end))) - 1
    if (this.epochs[slot] === this.epoch) return this.ids[slot]
    const id = this.table.push(this.strings[slot]!) - 1
    this.epochs[slot] = this.epoch
    this.ids[slot] = id
    return id
  }

  /** The string in b[start, end), shared with earlier calls for the same bytes. */
  decode(b: Uint8Array, start: number, end: number): string {
    const slot = this.slot(b, start, end)
    return slot < 0 ? utf8.decode(b.subarray(start, end)) : this.strings[slot]!
  }

  /**
   * The cache slot now holding these bytes' string, or -1 for bytes the cache does not take.
   * Hashing and comparing read 4 bytes at a time: per label this is the decoder's hottest loop.
   */
  private slot(b: Uint8Array, start: number, end: number): number {
    const n = end - start
    if (n > internBytesMax) return -1
    if (b !== this.lastBytes) {
      this.lastBytes = b
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength)
    }
    const view = this.view
    let h = 0x811c9dc5 ^ n
    let high = 0
    let i = start
    for (; i + 4 <= end; i += 4) {
      const w = view.getInt32(i, true)
      high |= w
      h = Math.imul(h ^ w, 0x01000193)
      h ^= h >>> 15
    }
    for (; i < end; i++) {
      const c = b[i]
      high |= c
      h = Math.imul(h ^ c, 0x01000193)
    }
    // Non-ASCII goes through the real UTF-8 decoder (which replaces invalid sequences with U+FFFD).
    if (high & 0x80808080) return -1
    const slot = (h ^ (h >>> 17)) & (slots - 1)
    const base = slot * internBytesMax
    if (this.lengths[slot] === n && this.hashes[slot] === h) {
      const slab = this.slabView
      let k = 0
      for (; k + 4 <= n; k += 4) if (slab.getInt32(base + k, true) !== view.getInt32(start + k, true)) break
      if (k + 4 > n) {
        for (; k < n; k++) if (this.slab[base + k] !== b[start + k]) break
        if (k === n) return slot
      }
    }
    // One flat string in one call; appending char by char would build a rope to flatten later.
    this.strings[slot] =
      n === 0 ? "" : String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[])
    for (let k = 0; k < n; k++) this.slab[base + k] = b[start + k]
    this.lengths[slot] = n
    this.hashes[slot] = h
    this.epochs[slot] = 0
    return slot
  }
}
