/**
 * Go's net/url encodings where Prometheus's output or requests depend on them: QueryEscape and
 * Values.Encode (form bodies, scrape URLs).
 */

/** Go's url.QueryEscape: only A–Z a–z 0–9 - _ . ~ stay, space is "+", the rest %XX. */
export const goQueryEscape = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+")

/** Go's url.Values.Encode for single values: `k=v` pairs sorted by key, joined by `&`. */
export const goFormEncode = (values: Readonly<Record<string, string>>): string =>
  Object.keys(values)
    .sort()
    .map((k) => `${goQueryEscape(k)}=${goQueryEscape(values[k])}`)
    .join("&")
