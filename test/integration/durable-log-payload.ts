/**
 * Deterministic entry contents for the durable-log crash tests: entry `j` of call `call` is a
 * header naming both, then 0 to ~6 KiB of bytes derived from them, so any entry read back can be
 * checked byte for byte, acknowledged or not.
 */
export const logPayload = (call: number, j: number): Uint8Array => {
  const head = Buffer.from(`call ${call} entry ${j}|`)
  const len = (call * 7919 + j * 104729) % 6000
  const b = Buffer.allocUnsafe(head.length + len)
  head.copy(b)
  for (let i = 0; i < len; i++) b[head.length + i] = (call * 31 + j * 17 + i * 13) & 0xff
  return b
}

/** The call and entry index a payload names, or undefined if its bytes are not exactly logPayload's. */
export const checkPayload = (data: Uint8Array): { call: number; j: number } | undefined => {
  const m = Buffer.from(data.subarray(0, 40))
    .toString("latin1")
    .match(/^call (\d+) entry (\d+)\|/)
  if (!m) return undefined
  const call = Number(m[1])
  const j = Number(m[2])
  return Buffer.from(data).equals(Buffer.from(logPayload(call, j))) ? { call, j } : undefined
}
