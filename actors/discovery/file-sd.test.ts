import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Fiber, Queue, Stream } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { fileSdStream, readFileSd } from "./file-sd.ts"
import { decodeTargetGroups } from "./target-group.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-filesd-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("target group files", () => {
  it("decodes JSON and YAML and names bad entries", () => {
    expect(decodeTargetGroups('[{"targets":["a:1","b:2"],"labels":{"env":"x"}}]', "json", "f.json")).toEqual([
      { source: "f.json:0", targets: [{ __address__: "a:1" }, { __address__: "b:2" }], labels: { env: "x" } }
    ])
    expect(decodeTargetGroups("- targets: ['c:3']\n", "yaml", "f.yml")[0].targets).toEqual([
      { __address__: "c:3" }
    ])
    expect(() => decodeTargetGroups('[{"targets":"a"}]', "json", "f.json")).toThrow(
      "f.json[0].targets: expected a list of strings"
    )
    expect(() => decodeTargetGroups('[{"targets":[],"labels":{"1x":"y"}}]', "json", "f.json")).toThrow(
      '"1x" is not a valid label name'
    )
  })
  it("reads globbed files, adds __meta_filepath, keeps old groups of a file that turned bad", () => {
    writeFileSync(join(dir, "a.json"), '[{"targets":["a:1"]}]')
    writeFileSync(join(dir, "b.yml"), "- targets: ['b:1']\n")
    const cfg = { files: [join(dir, "*.json"), join(dir, "*.yml")], refreshIntervalMs: 60_000 }
    const first = readFileSd(cfg, dir, new Map())
    expect(first.errors).toEqual([])
    expect([...first.groups.values()].flat().map((g) => g.labels.__meta_filepath)).toEqual([
      join(dir, "a.json"),
      join(dir, "b.yml")
    ])
    writeFileSync(join(dir, "a.json"), "not json")
    const second = readFileSd(cfg, dir, first.groups)
    expect(second.errors[0]).toMatch(/^file_sd: /)
    expect(second.groups.get(join(dir, "a.json"))).toEqual(first.groups.get(join(dir, "a.json")))
  })
  it("emits again when a watched file changes", async () => {
    const sub = mkdtempSync(join(dir, "w-"))
    writeFileSync(join(sub, "t.json"), '[{"targets":["x:1"]}]')
    const got = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const q = yield* Queue.unbounded<string[]>()
          const fiber = yield* Effect.forkChild(
            Stream.runForEach(
              fileSdStream({ files: [join(sub, "*.json")], refreshIntervalMs: 60_000 }, sub),
              (gs) =>
                Queue.offer(
                  q,
                  gs.flatMap((g) => g.targets.map((t) => t.__address__))
                )
            )
          )
          const first = yield* Queue.take(q)
          writeFileSync(join(sub, "t.json"), '[{"targets":["y:2"]}]')
          let next = yield* Queue.take(q)
          while (next[0] !== "y:2") next = yield* Queue.take(q)
          yield* Fiber.interrupt(fiber)
          return [first, next]
        })
      )
    )
    expect(got).toEqual([["x:1"], ["y:2"]])
  })
})
