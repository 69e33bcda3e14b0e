/**
 * Child process of the kill -9 test: appends to a FileLog in `argv[2]` as fast as it can, with
 * `argv[4]` calls in flight (1 to 4 entries each), and prints `acked <firstSeq> <call> <entries>`
 * for every acknowledged call, until it is killed. Entry contents come from durable-log-payload.ts
 * so the test can check every byte. Calls are numbered from `argv[3]`.
 */
import { defaultFileLogOptions, FileLog } from "../../storage/log/file-log.ts"
import { logPayload } from "./durable-log-payload.ts"

const [dir, firstCall, inFlight] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])]
const log = await FileLog.open("kill", dir, { ...defaultFileLogOptions, segmentMaxBytes: 256 * 1024 })
for (const r of log.repairs) process.stderr.write(`repair ${r.file} ${r.offset} ${r.reason}\n`)
process.stdout.write(`opened ${log.lastSeq}\n`)
let call = firstCall
const loop = async (): Promise<void> => {
  for (;;) {
    const mine = call++
    const entries = Array.from({ length: (mine % 4) + 1 }, (_, j) => logPayload(mine, j))
    const { firstSeq } = await log.append(entries)
    process.stdout.write(`acked ${firstSeq} ${mine} ${entries.length}\n`)
  }
}
for (let i = 0; i < inFlight; i++) void loop()
