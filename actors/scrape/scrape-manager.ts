/**
 * Runs the scrape side of a prometheus.yml: per scrape config, its discovery streams feed a pool of
 * target actors (one fiber each, keyed by target identity). A reload replaces pools whose config
 * changed and leaves the others running. Keeps the status `/api/v1/targets` shows.
 */
import { Context, Effect, FiberMap, Layer, Ref, Stream } from "effect"
import type { PrometheusConfig, ScrapeConfig } from "../../protocols/config/prometheus-config.ts"
import { relabel } from "../../protocols/config/relabel.ts"
import { discoveredLabels, targetLabels } from "../../protocols/config/target-labels.ts"
import type { TargetsSnapshot } from "../../protocols/scrape/target-status.ts"
import { staleMarker } from "../../protocols/values/special-nans.ts"
import { type DnsSdOptions, dnsSdStream } from "../discovery/dns-sd.ts"
import { fileSdStream } from "../discovery/file-sd.ts"
import { httpSdStream } from "../discovery/http-sd.ts"
import type { TargetGroup } from "../discovery/target-group.ts"
import { SampleSink } from "./sample-sink.ts"
import type { ScrapeCache } from "./scrape-core.ts"
import {
  initialStatus,
  type PoolControl,
  runScrapeTarget,
  type TargetSpec,
  type TargetStop
} from "./scrape-target.ts"
import { type DroppedTarget, scrapeUrl, type TargetStatus } from "./target-status.ts"

/** A pool's live state, shared between its fiber (writer) and the API (reader). */
interface PoolState {
  readonly statuses: Map<string, Ref.Ref<TargetStatus>>
  readonly stops: Map<string, TargetStop>
  dropped: DroppedTarget[]
}

/** Series a reloaded pool's old targets handed over, by target key, until the new pool syncs. */
type Handover = Map<
  string,
  { labels: ReadonlyArray<ReadonlyArray<string>>; atMs: number; cache: ScrapeCache }
>

interface Pool {
  readonly fingerprint: string
  readonly state: PoolState
}

/** An empty label value is no label (2.42 shows none in discoveredLabels; relabeling sees none). */
const withoutEmpty = (labels: Record<string, string>) => {
  for (const k of Object.keys(labels)) if (labels[k] === "") delete labels[k]
  return labels
}

/** Everything that decides a pool's behaviour, to tell whether a reload changed it. */
const fingerprintOf = (c: ScrapeConfig) => JSON.stringify(c, (k, v) => (k === "compiled" ? undefined : v))

const discoveryStream = (
  c: ScrapeConfig,
  baseDir: string,
  userAgent: string,
  dnsSd: DnsSdOptions | undefined
): Stream.Stream<TargetGroup[]> => {
  const providers: Array<Stream.Stream<[number, TargetGroup[]]>> = []
  if (c.staticConfigs.length > 0) {
    const groups = c.staticConfigs.map((s, i) => ({
      source: `static/${i}`,
      targets: s.targets.map((t) => ({ __address__: t })),
      labels: s.labels
    }))
    providers.push(Stream.make([0, groups] as [number, TargetGroup[]]))
  }
  c.fileSdConfigs.forEach((f) => {
    const id = providers.length
    providers.push(fileSdStream(f, baseDir).pipe(Stream.map((g) => [id, g] as [number, TargetGroup[]])))
  })
  c.httpSdConfigs.forEach((h) => {
    const id = providers.length
    providers.push(httpSdStream(h, userAgent).pipe(Stream.map((g) => [id, g] as [number, TargetGroup[]])))
  })
  c.dnsSdConfigs.forEach((d) => {
    const id = providers.length
    providers.push(dnsSdStream(d, dnsSd).pipe(Stream.map((g) => [id, g] as [number, TargetGroup[]])))
  })
  const latest = new Map<number, TargetGroup[]>()
  return Stream.mergeAll(providers, { concurrency: "unbounded" }).pipe(
    Stream.map(([id, groups]) => {
      latest.set(id, groups)
      return [...latest.values()].flat()
    })
  )
}

export class ScrapeManager extends Context.Service<
  ScrapeManager,
  {
    /** Applies a (new) config: pools for new or changed jobs restart, removed jobs stop. */
    readonly apply: (config: PrometheusConfig) => Effect.Effect<void>
    readonly targets: Effect.Effect<TargetsSnapshot>
    readonly scrapePools: Effect.Effect<ReadonlyArray<string>>
  }
>()("actors/scrape/ScrapeManager") {
  /** `baseDir` resolves relative file_sd paths (the config file's directory). */
  static readonly layer = (options: {
    readonly baseDir: string
    readonly userAgent: string
    /**
     * Distributed scraping: whether this process scrapes the target with this key now (the key's
     * slot lease is held). Absent = every target. `ownershipChanged` re-applies it.
     */
    readonly owns?: (targetKey: string) => boolean
    readonly ownershipChanged?: Stream.Stream<void>
    /** dns_sd_configs' resolver settings; absent = the system's name servers. Tests set `servers`. */
    readonly dnsSd?: DnsSdOptions
    /** `--enable-feature=native-histograms`: scrape the protobuf format when offered. */
    readonly nativeHistograms?: boolean
  }) =>
    Layer.effect(
      ScrapeManager,
      Effect.gen(function* () {
        const sink = yield* SampleSink
        const pools = new Map<string, Pool>()
        const poolFibers = yield* FiberMap.make<string>()

        /**
         * `handover`: series of the pool this one replaces. Targets that survive the reload continue
         * them without staleness markers (as Prometheus's reload); the rest end at the first sync.
         */
        const runPool = (config: ScrapeConfig, state: PoolState, handover: Handover | undefined) =>
          Effect.gen(function* () {
            let pending = handover
            const control: PoolControl = {}
            const statuses = state.statuses
            const targets = yield* FiberMap.make<string>()
            const owns = options.owns ?? (() => true)
            let lastGroups: ReadonlyArray<{
              readonly labels: Record<string, string>
              readonly targets: ReadonlyArray<Record<string, string>>
            }> = []
            const updates = discoveryStream(config, options.baseDir, options.userAgent, options.dnsSd).pipe(
              Stream.map((groups) => {
                lastGroups = groups
                return groups
              }),
              Stream.merge((options.ownershipChanged ?? Stream.empty).pipe(Stream.map(() => lastGroups)))
            )
            yield* updates.pipe(
              Stream.runForEach((groups) =>
                Effect.gen(function* () {
                  const wanted = new Map<string, TargetSpec>()
                  const dropped: DroppedTarget[] = []
                  /** Active targets another process scrapes now: their series go on there. */
                  const elsewhere = new Set<string>()
                  for (const g of groups) {
                    for (const t of g.targets) {
                      const d = discoveredLabels(withoutEmpty({ ...g.labels, ...t }), config)
                      const r = targetLabels(d, config)
                      if (r._tag === "Dropped")
                        dropped.push({ scrapePool: config.jobName, discoveredLabels: d })
                      if (r._tag !== "Active") continue
                      const url = scrapeUrl(relabel(d, config.relabelConfigs) ?? d, config.params)
                      const key = `${JSON.stringify(r.labels)} ${url}`
                      if (!owns(key)) {
                        elsewhere.add(key)
                        continue
                      }
                      wanted.set(key, {
                        key,
                        url,
                        labels: r.labels,
                        discoveredLabels: d,
                        config,
                        userAgent: options.userAgent,
                        protobuf: options.nativeHistograms === true
                      })
                    }
                  }
                  state.dropped = dropped
                  // Over target_limit every target of the pool fails its scrapes, without a request (2.42).
                  const active = wanted.size + elsewhere.size
                  control.forcedError =
                    config.targetLimit > 0 && active > config.targetLimit
                      ? `target_limit exceeded (number of targets: ${active}, limit: ${config.targetLimit})`
                      : undefined
                  for (const key of [...statuses.keys()]) {
                    if (wanted.has(key)) continue
                    const stop = state.stops.get(key)
                    if (stop && elsewhere.has(key)) stop.handover = () => {}
                    yield* FiberMap.remove(targets, key)
                    statuses.delete(key)
                    state.stops.delete(key)
                  }
                  const inherited = new Map<string, ScrapeCache>()
                  if (pending) {
                    for (const key of wanted.keys()) {
                      const h = pending.get(key)
                      if (h) inherited.set(key, h.cache)
                    }
                    for (const key of [...wanted.keys(), ...elsewhere]) pending.delete(key)
                    const ended = [...pending.values()]
                    pending = undefined
                    const labels = ended.flatMap((e) => e.labels)
                    if (labels.length > 0) {
                      yield* sink
                        .append({
                          labels: [...labels],
                          timestampsMs: ended.flatMap((e) => e.labels.map(() => e.atMs)),
                          values: new Float64Array(labels.length).fill(staleMarker)
                        })
                        .pipe(Effect.ignore)
                    }
                  }
                  for (const [key, spec] of wanted) {
                    if (statuses.has(key)) continue
                    const status = yield* Ref.make(initialStatus(spec))
                    const stop: TargetStop = {}
                    statuses.set(key, status)
                    state.stops.set(key, stop)
                    yield* FiberMap.run(
                      targets,
                      key,
                      runScrapeTarget(spec, status, stop, inherited.get(key), control).pipe(
                        Effect.scoped,
                        Effect.provideService(SampleSink, sink)
                      )
                    )
                  }
                })
              )
            )
            return yield* Effect.never
          }).pipe(Effect.scoped, Effect.annotateLogs({ component: "scrape", scrape_pool: config.jobName }))

        const apply = Effect.fn("ScrapeManager.apply")(function* (config: PrometheusConfig) {
          const wanted = new Map(config.scrapeConfigs.map((c) => [c.jobName, c]))
          const handovers = new Map<string, Handover>()
          for (const [job, p] of [...pools]) {
            const c = wanted.get(job)
            if (c && fingerprintOf(c) === p.fingerprint) continue
            if (c) {
              // Changed, not removed: its targets' series may go on in the new pool.
              const handover: Handover = new Map()
              for (const [key, stop] of p.state.stops)
                stop.handover = (labels, atMs, cache) => handover.set(key, { labels, atMs, cache })
              handovers.set(job, handover)
            }
            yield* FiberMap.remove(poolFibers, job)
            pools.delete(job)
          }
          for (const [job, c] of wanted) {
            if (pools.has(job)) continue
            const state: PoolState = { statuses: new Map(), stops: new Map(), dropped: [] }
            pools.set(job, { fingerprint: fingerprintOf(c), state })
            yield* FiberMap.run(poolFibers, job, runPool(c, state, handovers.get(job)))
          }
        })

        const targets = Effect.gen(function* () {
          const active: TargetStatus[] = []
          const dropped: DroppedTarget[] = []
          for (const p of pools.values()) {
            for (const r of p.state.statuses.values()) active.push(yield* Ref.get(r))
            dropped.push(...p.state.dropped)
          }
          return { active, dropped }
        })
        return ScrapeManager.of({ apply, targets, scrapePools: Effect.sync(() => [...pools.keys()].sort()) })
      })
    )
}
