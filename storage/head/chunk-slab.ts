/**
 * Where the head keeps its chunks' bytes: 64 KiB pages cut into slots of 32 · 2^k bytes (32 B to
 * 8 KiB), one free list per size. A series' chunk takes a slot and moves to the next size when it
 * outgrows it, so the head holds no typed-array object per chunk (each costs ~200 bytes of
 * headers, more than a chunk of a few samples) and freed slots are reused.
 */

export const pageBytes = 65536
export const slotClasses = 9

/** Bytes of a slot of class `cls`. */
export const slotBytes = (cls: number): number => 32 << cls

export class ChunkSlab {
  private readonly pages: Uint8Array[][] = Array.from({ length: slotClasses }, () => [])
  private readonly free: number[][] = Array.from({ length: slotClasses }, () => [])
  private readonly handedOut: number[] = new Array(slotClasses).fill(0)
  /** Slots in use, per class (for memory accounting). */
  readonly inUse: number[] = new Array(slotClasses).fill(0)

  /** The smallest class holding `bytes`. */
  static classFor(bytes: number): number {
    let cls = 0
    while (slotBytes(cls) < bytes) cls++
    if (cls >= slotClasses) throw new Error(`bug: a head chunk of ${bytes} bytes`)
    return cls
  }

  /** A free slot of class `cls` (its bytes are not cleared). */
  alloc(cls: number): number {
    this.inUse[cls]++
    const reused = this.free[cls].pop()
    if (reused !== undefined) return reused
    const slot = this.handedOut[cls]++
    const perPage = pageBytes / slotBytes(cls)
    if (slot % perPage === 0) this.pages[cls].push(new Uint8Array(pageBytes))
    return slot
  }

  release(cls: number, slot: number): void {
    this.inUse[cls]--
    this.free[cls].push(slot)
  }

  /** The page holding a slot; its bytes start at `offset(cls, slot)`. */
  page(cls: number, slot: number): Uint8Array {
    return this.pages[cls][Math.floor(slot / (pageBytes / slotBytes(cls)))]
  }

  offset(cls: number, slot: number): number {
    return (slot % (pageBytes / slotBytes(cls))) * slotBytes(cls)
  }
}
