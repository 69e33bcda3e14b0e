import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { type Peer, startPrometheus } from "../../test/support/peers.ts"
import { postRemoteWrite } from "../../test/support/post-remote-write.ts"
import { cpuSeconds, peakRssBytes } from "../../test/support/proc-stats.ts"
import { startNats } from "../../test/support/servers.ts"
import { startVesta, type VestaProcess } from "../../test/support/vesta-process.ts"

const seriesCount = Number(process.env.INGEST_SERIES ?? 2000)
const samplesPerSeries = Number(process.env.INGEST_SAMPLES ?? 1000)
const perRequest = 20
const senders = Number(process.env.INGEST_SENDERS ?? 4)
const trials = Number(process.env.INGEST_TRIALS ?? 5)
const stepMs = 15_000
const start = Math.floor((Date.now() - samplesPerSeries * stepMs) / stepMs) * stepMs

/** Requests per sender, in send order: sender k owns series with index % senders === k. */
const buildWorkload = (): Uint8Array[][] => {
  const out: Uint8Array[][] = Array.from({ length: senders }, () => [])
  const seriesPerRequest = 100 // 100 series × 20 samples = 2,000 samples per request
  for (let k = 0; k < senders; k++) {
    const mine = Array.from({ length: seriesCount }, (_, i) => i).filter((i) => i % senders === k)
    for (let s0 = 0; s0 < samplesPerSeries; s0 += perRequest)
      for (let g = 0; g < mine.length; g += seriesPerRequest) {
        const series = mine.slice(g, g + seriesPerRequest).map((i) => {
          const ts = Array.from({ length: perRequest }, (_, j) => start + (s0 + j) * stepMs)
          const counter = i % 2 === 0
          return {
            labels: [
              "__name__",
              counter ? "bench_requests_total" : "bench_temperature",
              "instance",
              `host-${i % 50}`,
              "job",
              "bench",
              "series",
              String(i)
            ],
            timestamps: ts,
            values: Float64Array.from(ts, (_, j) =>
              counter ? (s0 + j) * (i % 7) + 1000 : 20 + ((i * 7 + s0 + j) % 100) / 10
            )
          }
        })
        out[k].push(compressBlock(encodeWriteRequest(series)))
      }
  }
  return out
}

const procStats = (pid: number) => ({ peakRssMb: peakRssBytes(pid) / 1048576, cpuSeconds: cpuSeconds(pid) })

interface Result {
  readonly samplesPerSecond: number
  readonly peakRssMb: number
  readonly cpuSeconds: number
}

/** Summed over the processes (distributed mode has several). */
const statsOf = (pids: ReadonlyArray<number>) =>
  pids.map(procStats).reduce((a, b) => ({
    peakRssMb: a.peakRssMb + b.peakRssMb,
    cpuSeconds: a.cpuSeconds + b.cpuSeconds
  }))

/** Polls `query` until it gives `want` (distributed: the shards apply their logs asynchronously). */
const expectValue = async (baseUrl: string, query: string, want: string, waitMs: number) => {
  const params = new URLSearchParams({ query, time: String((start + samplesPerSeries * stepMs) / 1000) })
  const until = Date.now() + waitMs
  for (;;) {
    const r = (await (await fetch(`${baseUrl}/api/v1/query?${params}`)).json()) as {
      data?: { result: Array<{ value: [number, string] }> }
    }
    const got = r.data?.result[0]?.value[1]
    if (got === want) return
    if (Date.now() > until) throw new Error(`${baseUrl}: ${query} = ${JSON.stringify(r)}, want ${want}`)
    await new Promise((res) => setTimeout(res, 500))
  }
}

const run = async (
  baseUrl: string,
  pids: ReadonlyArray<number>,
  workload: Uint8Array[][],
  settleMs = 0
): Promise<Result> => {
  const before = statsOf(pids)
  const t0 = performance.now()
  await Promise.all(
    workload.map(async (requests) => {
      for (const body of requests) {
        await postRemoteWrite(baseUrl, body)
      }
    })
  )
  const seconds = (performance.now() - t0) / 1000
  const after = statsOf(pids)
  // Every side must hold every sample.
  await expectValue(baseUrl, "count(count_over_time({job='bench'}[30d]))", String(seriesCount), settleMs)
  const total = String(seriesCount * samplesPerSeries)
  await expectValue(baseUrl, "sum(count_over_time({job='bench'}[30d]))", total, settleMs)
  return {
    samplesPerSecond: (seriesCount * samplesPerSeries) / seconds,
    peakRssMb: after.peakRssMb,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds
  }
}

/** One trial of distributed mode: nats-server, one `vesta ingest` (4 shards), one `vesta gateway`. */
const distributed = async (workload: Uint8Array[][]) => {
  const dir = `/tmp/vesta-ingest-bench-${process.pid}-distributed`
  const nats = await startNats({ dir: `${dir}/nats` })
  const procs: VestaProcess[] = []
  const profile = process.env.VESTA_PROFILE
  if (profile) process.env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${profile}`
  try {
    const natsFlags = [`--nats.url=${nats.url}`, "--ingest.shards=4"]
    procs.push(await startVesta("ingest", [...natsFlags, `--storage.tsdb.path=${dir}/ingest`]))
    procs.push(await startVesta("gateway", natsFlags))
    // Ready once the shards are leased and caught up: a query through the gateway answers.
    await expectValue(procs[1].baseUrl, "vector(1)", "1", 60_000)
    const r = await run(procs[1].baseUrl, [...procs.map((p) => p.pid), nats.pid], workload, 120_000)
    console.log(
      `distributed (gateway + 1 ingest, 4 shards, JetStream; 1 trial): ${Math.round(r.samplesPerSecond)} samples/s acknowledged, all queryable; peak RSS ${r.peakRssMb.toFixed(1)} MB, CPU ${r.cpuSeconds.toFixed(2)} s (gateway + ingest + nats-server)`
    )
  } finally {
    if (profile) delete process.env.NODE_OPTIONS
    for (const p of procs.reverse()) await p.stop()
    await nats.stop()
    const { rmSync } = await import("node:fs")
    rmSync(dir, { recursive: true, force: true })
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const main = async () => {
  const workload = buildWorkload()
  console.log(
    `workload: ${seriesCount} series x ${samplesPerSeries} samples, ${perRequest} samples/series/request, ${workload.flat().length} requests, ${senders} senders; ${trials} alternating trials`
  )
  const vesta: Result[] = []
  const prom: Result[] = []
  for (let i = 0; i < trials; i++) {
    const p: Peer = await startPrometheus({ flags: ["--web.enable-remote-write-receiver"] })
    try {
      prom.push(await run(p.baseUrl, [p.pid], workload))
    } finally {
      await p.stop()
    }
    // VESTA_PROFILE=dir: the Vesta process writes a CPU profile there (node --cpu-prof).
    const profile = process.env.VESTA_PROFILE
    if (profile) process.env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${profile}`
    const dir = `/tmp/vesta-ingest-bench-${process.pid}-${i}`
    // INGEST_VESTA_FLAGS: extra flags, e.g. --storage.tsdb.wal-sync-interval=0s (fdatasync per ack).
    const extra = (process.env.INGEST_VESTA_FLAGS ?? "").split(" ").filter((f) => f !== "")
    const v = await startVesta("start", [`--storage.tsdb.path=${dir}`, ...extra])
    try {
      vesta.push(await run(v.baseUrl, [v.pid], workload))
    } finally {
      await v.stop()
      if (profile) delete process.env.NODE_OPTIONS
      const { rmSync } = await import("node:fs")
      rmSync(dir, { recursive: true, force: true })
    }
    console.log(
      `trial ${i + 1}: vesta ${Math.round(vesta[i].samplesPerSecond)} samples/s, prometheus ${Math.round(prom[i].samplesPerSecond)} samples/s`
    )
  }
  if (process.env.INGEST_DISTRIBUTED !== "0") await distributed(workload)
  if (trials === 0) return // INGEST_TRIALS=0: the distributed trial only
  const row = (name: string, f: (r: Result) => number, digits = 0) =>
    console.log(
      `${name.padEnd(22)} ${median(vesta.map(f)).toFixed(digits).padStart(12)} ${median(prom.map(f)).toFixed(digits).padStart(12)}`
    )
  console.log(`${"".padEnd(22)} ${"vesta".padStart(12)} ${"prometheus".padStart(12)}`)
  row("samples/s", (r) => r.samplesPerSecond)
  row("peak RSS MB", (r) => r.peakRssMb, 1)
  row("CPU seconds", (r) => r.cpuSeconds, 2)
  const ratios = vesta.map((v, i) => v.samplesPerSecond / prom[i].samplesPerSecond)
  console.log(`ingest samples/s ratio vesta/prometheus: ${median(ratios).toFixed(2)}`)
}

await main()
