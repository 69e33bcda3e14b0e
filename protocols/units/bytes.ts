/**
 * Prometheus byte sizes (`units.Base2Bytes` as in `--storage.tsdb.retention.size=512MB`): an integer
 * with B, KB, MB, GB, TB, PB or EB (1024-based), also KiB-style spellings.
 */

const multipliers: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1024,
  KIB: 1024,
  MB: 1024 ** 2,
  MIB: 1024 ** 2,
  GB: 1024 ** 3,
  GIB: 1024 ** 3,
  TB: 1024 ** 4,
  TIB: 1024 ** 4,
  PB: 1024 ** 5,
  PIB: 1024 ** 5,
  EB: 1024 ** 6,
  EIB: 1024 ** 6
}

/** Bytes, or a message saying why the string is not a size. */
export const parseBytes = (s: string): number | string => {
  const m = s.match(/^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/)
  const mult = m ? multipliers[m[2].toUpperCase()] : undefined
  if (!m || mult === undefined)
    return `not a valid size: "${s}" (use a number with B, KB, MB, GB, TB, PB or EB)`
  return Math.floor(Number(m[1]) * mult)
}
