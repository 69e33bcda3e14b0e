/**
 * One HTTP scrape as Prometheus 2.42 performs it (spec §1.1): its Accept header, gzip, the
 * timeout header, only 200 counts, `body_size_limit`, basic auth / bearer / TLS options. Returns
 * the body and its Content-Type, or the error text Prometheus would show as `lastError`. It does
 * not parse; the scrape loop picks a parser from the Content-Type.
 */
import type { HttpClientConfig } from "../../protocols/config/http-client-config.ts"
import { httpGet, statusError } from "../http/http-get.ts"

export const scrapeAcceptHeader =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

/** What 2.42 asks for with native histograms enabled: protobuf first. */
export const scrapeAcceptHeaderProtobuf =
  "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

export interface ScrapeRequest {
  readonly url: string
  readonly timeoutMs: number
  /** 0 = unlimited. */
  readonly bodySizeLimitBytes: number
  readonly http: HttpClientConfig
  readonly userAgent: string
  /** Ask for the protobuf format first (native histograms enabled). */
  readonly protobuf?: boolean
}

export type ScrapeResponse =
  | { readonly ok: true; readonly contentType: string; readonly body: Buffer }
  | { readonly ok: false; readonly error: string }

export const scrapeHttp = async (r: ScrapeRequest): Promise<ScrapeResponse> => {
  const res = await httpGet({
    url: r.url,
    timeoutMs: r.timeoutMs,
    bodySizeLimitBytes: r.bodySizeLimitBytes,
    http: r.http,
    headers: {
      accept: r.protobuf === true ? scrapeAcceptHeaderProtobuf : scrapeAcceptHeader,
      "user-agent": r.userAgent,
      "x-prometheus-scrape-timeout-seconds": String(r.timeoutMs / 1000)
    }
  })
  if (!res.ok) return res
  if (res.status !== 200) return { ok: false, error: statusError(res.status) }
  return { ok: true, contentType: res.contentType, body: res.body }
}

/** The parser the 2.42 scraper picks: OpenMetrics for its media type, text 0.0.4 for anything else. */
export const isOpenMetrics = (contentType: string): boolean =>
  contentType.split(";")[0].trim().toLowerCase() === "application/openmetrics-text"
