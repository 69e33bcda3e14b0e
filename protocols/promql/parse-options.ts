/**
 * Options of the PromQL parser: the feature flags Prometheus puts experimental syntax behind, and
 * the nesting cap.
 */

export interface ParseOptions {
  /** `--enable-feature=promql-experimental-functions`: experimental functions, `limitk`, `limit_ratio`. */
  readonly experimentalFunctions?: boolean
  /** `--enable-feature=promql-extended-range-selectors`: the `anchored` and `smoothed` modifiers. */
  readonly extendedRangeSelectors?: boolean
  /** `--enable-feature=promql-binop-fill-modifiers`: `fill()`, `fill_left()`, `fill_right()`. */
  readonly binopFillModifiers?: boolean
  /** Deepest nesting of parentheses, calls, unary operators and `^` chains; default `maxDepthDefault`. */
  readonly maxDepth?: number
}

/** Every flag on, as the Prometheus test suite runs. */
export const allFeatures: ParseOptions = {
  experimentalFunctions: true,
  extendedRangeSelectors: true,
  binopFillModifiers: true
}

/** Nesting levels allowed; deep enough for any real query, shallow enough for the JS stack. */
export const maxDepthDefault = 1000
