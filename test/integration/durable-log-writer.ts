/**
 * Child process for the kill -9 test: appends entries to a FileLog as fast as it can (32 calls in
 * flight) and prints `acked <seq> <k>` for every acknowledged entry, until it is killed.
 */
import { FileLog } from "../../storage/log/file-log.ts"

const log = new FileLog(process.argv[2], { segmentMaxBytes: 64 * 1024, entryMaxBytes: 1024 * 1024 })
let k = 0
const one = async (): Promise<void> => {
  const mine = k++
  const payload = new TextEncoder().encode(`entry-${mine}-${"x".repeat(mine % 700)}`)
  const { firstSeq } = await log.append([payload])
  process.stdout.write(`acked ${firstSeq} ${mine}\n`)
  return one()
}
for (let i = 0; i < 32; i++) void one()
