/**
 * Histogram rows in the query JSON (the differential check against Prometheus 2.42 is in
 * storage/blocks/histogram-blocks.test.ts); here the shapes 2.42 cannot show: a series mixing
 * floats and histograms, and custom-bucket histograms.
 */
import { expect, it } from "vitest"
import type { FloatHistogram } from "../../../storage/promql/histogram.ts"
import { histogramJson } from "./json-format.ts"
import { resultJson } from "./query-routes.ts"

const exp: FloatHistogram = {
  schema: 0,
  zeroThreshold: 0.5,
  zeroCount: 2,
  count: 10,
  sum: -3.25,
  pOffset: 0,
  pos: [3, 0, 1],
  nOffset: 1,
  neg: [4],
  hint: "unknown"
}

it("writes exponential buckets ascending, empty ones left out, with their boundary rules", () => {
  expect(histogramJson(exp)).toBe(
    '{"count":"10","sum":"-3.25","buckets":[[1,"-2","-1","4"],[3,"-0.5","0.5","2"],[0,"0.5","1","3"],[0,"2","4","1"]]}'
  )
  expect(histogramJson({ ...exp, count: 0, zeroCount: 0, pos: [0], neg: [], sum: 0 })).toBe(
    '{"count":"0","sum":"0"}'
  )
})

it("custom buckets (schema -53) are all (lower, upper], from -Inf to +Inf", () => {
  const nhcb: FloatHistogram = {
    ...exp,
    schema: -53,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 6,
    pos: [1, 2, 3],
    neg: [],
    customValues: [-1, 0.25]
  }
  expect(histogramJson(nhcb)).toBe(
    '{"count":"6","sum":"-3.25","buckets":[[0,"-Inf","-1","1"],[0,"-1","0.25","2"],[0,"0.25","+Inf","3"]]}'
  )
})

it("vector rows carry value or histogram; matrix series values then histograms", () => {
  const body = resultJson({
    result: {
      resultType: "vector",
      result: [
        { labels: ["a", "1"], t: 1500, v: 2 },
        { labels: ["a", "2"], t: 1500, v: 0, h: exp }
      ]
    },
    warnings: [],
    infos: []
  })
  expect(body).toBe(
    `{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1.500,"2"]},{"metric":{"a":"2"},"histogram":[1.500,${histogramJson(exp)}]}]}}`
  )
  const matrix = resultJson({
    result: {
      resultType: "matrix",
      result: [
        { labels: ["a", "1"], points: [[1000, 1]], histograms: [[2000, exp]] },
        { labels: ["a", "2"], points: [], histograms: [[2000, exp]] },
        { labels: ["a", "3"], points: [[3000, 4]] }
      ]
    },
    warnings: [],
    infos: []
  })
  const h = `[[2,${histogramJson(exp)}]]`
  expect(matrix).toBe(
    `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"1"},"values":[[1,"1"]],"histograms":${h}},{"metric":{"a":"2"},"histograms":${h}},{"metric":{"a":"3"},"values":[[3,"4"]]}]}}`
  )
})
