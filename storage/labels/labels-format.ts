/**
 * Label sets as text, the two ways Prometheus prints them: the series form `up{job="x"}` (metric
 * name in front, as PromQL results and error messages show series) and the plain form
 * `{__name__="up", job="x"}` (labels.Labels.String, `promtool tsdb dump`). Values are quoted with
 * Go's rules. Parsing text back into labels is the PromQL parser's job, not this module's.
 */
import { goQuote } from "../../protocols/promql/go-quote.ts"
import { type Labels, metricNameLabel } from "./labels.ts"

const legacyMetricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const legacyLabelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** A label name as Prometheus 3 prints it: bare when it is a classic name, else quoted. */
const formatName = (name: string): string => (legacyLabelName.test(name) ? name : goQuote(name))

const formatPair = (name: string, value: string): string => `${formatName(name)}=${goQuote(value)}`

/** `{__name__="up", job="x"}`: every label inside the braces, in stored order. */
export const formatLabelsPlain = (l: Labels): string => {
  const parts: string[] = []
  for (let i = 0; i < l.length; i += 2) parts.push(formatPair(l[i], l[i + 1]))
  return `{${parts.join(", ")}}`
}

/**
 * `up{job="x"}`; just `up` without other labels; `{}` for the empty set. A metric name that is
 * not a classic name goes inside the braces as a quoted string first: `{"my.metric", job="x"}`.
 */
export const formatLabels = (l: Labels): string => {
  let name: string | undefined
  const parts: string[] = []
  for (let i = 0; i < l.length; i += 2) {
    if (l[i] === metricNameLabel) name = l[i + 1]
    else parts.push(formatPair(l[i], l[i + 1]))
  }
  if (name === undefined) return `{${parts.join(", ")}}`
  if (!legacyMetricName.test(name)) return `{${[goQuote(name), ...parts].join(", ")}}`
  return parts.length === 0 ? name : `${name}{${parts.join(", ")}}`
}
