/**
 * objstore.yml: good configs and what they parse to, bad configs with the exact message a user
 * sees, secrets kept out of messages and printing, and layers built from a config that really
 * store objects (a directory with a prefix; s3rver through the S3 settings).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, type Layer } from "effect"
import { afterAll, describe, expect, inject, it } from "vitest"
import { ObjectStore } from "./object-store.ts"
import { layerFromObjstoreConfig, type ObjstoreConfig, parseObjstoreConfig } from "./objstore-config.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-objcfg-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const defaultHttp = {
  responseHeaderTimeoutMs: 120_000,
  maxConnsPerHost: 0,
  caFile: "",
  certFile: "",
  keyFile: "",
  serverName: "",
  insecureSkipVerify: false
}
const s3 = (fields: Record<string, unknown>) => ({
  type: "S3",
  prefix: "",
  s3: {
    bucket: "b",
    endpoint: "minio:9000",
    region: "us-east-1",
    credentials: undefined,
    insecure: false,
    forcePathStyle: true,
    partSizeBytes: 64 * 1024 * 1024,
    disableMultipart: false,
    putParams: {},
    http: defaultHttp,
    ...fields
  }
})
const minimal = "type: S3\nconfig:\n  bucket: b\n  endpoint: minio:9000\n"

describe("objstore.yml", () => {
  it.each<[string, string, unknown]>([
    [
      "filesystem",
      "type: FILESYSTEM\nconfig:\n  directory: /var/vesta\n",
      { type: "FILESYSTEM", prefix: "", directory: "/var/vesta" }
    ],
    [
      "type in lower case, prefix trimmed",
      "type: filesystem\nprefix: /a/b/\nconfig:\n  directory: d\n",
      { type: "FILESYSTEM", prefix: "a/b", directory: "d" }
    ],
    ["S3 with only bucket and endpoint (credentials from the environment)", minimal, s3({})],
    [
      "S3 insecure, part size, no multipart",
      `${minimal}  insecure: true\n  part_size: 8388608\n  disable_multipart: true\n`,
      s3({ insecure: true, partSizeBytes: 8388608, disableMultipart: true })
    ],
    ["part_size 0 means the default", `${minimal}  part_size: 0\n`, s3({})],
    [
      "AWS endpoint: region from the host, virtual-hosted",
      "type: S3\nconfig:\n  bucket: b\n  endpoint: s3.eu-west-1.amazonaws.com\n",
      s3({ endpoint: "s3.eu-west-1.amazonaws.com", region: "eu-west-1", forcePathStyle: false })
    ],
    [
      "explicit region and path lookup",
      "type: S3\nconfig:\n  bucket: b\n  endpoint: s3.amazonaws.com\n  region: ap-south-1\n  bucket_lookup_type: path\n",
      s3({ endpoint: "s3.amazonaws.com", region: "ap-south-1", forcePathStyle: true })
    ],
    [
      "SSE-S3 and user metadata with a storage class",
      `${minimal}  put_user_metadata:\n    team: obs\n    X-Amz-Storage-Class: STANDARD_IA\n  sse_config:\n    type: SSE-S3\n`,
      s3({
        putParams: { ServerSideEncryption: "AES256", Metadata: { team: "obs" }, StorageClass: "STANDARD_IA" }
      })
    ],
    [
      "SSE-KMS with a context",
      `${minimal}  sse_config:\n    type: SSE-KMS\n    kms_key_id: k1\n    kms_encryption_context:\n      a: b\n`,
      s3({
        putParams: {
          ServerSideEncryption: "aws:kms",
          SSEKMSKeyId: "k1",
          SSEKMSEncryptionContext: Buffer.from('{"a":"b"}').toString("base64")
        }
      })
    ],
    [
      "http_config and tls_config",
      `${minimal}  http_config:\n    idle_conn_timeout: 1m30s\n    response_header_timeout: 30s\n    max_conns_per_host: 8\n    tls_config:\n      server_name: s3.local\n      insecure_skip_verify: true\n  trace:\n    enable: false\n`,
      s3({
        http: {
          ...defaultHttp,
          responseHeaderTimeoutMs: 30_000,
          maxConnsPerHost: 8,
          serverName: "s3.local",
          insecureSkipVerify: true
        }
      })
    ]
  ])("reads %s", (_name, text, want) => {
    expect(JSON.parse(JSON.stringify(parseObjstoreConfig(text)))).toEqual(JSON.parse(JSON.stringify(want)))
  })

  it("reads every field of Thanos's generated S3 sample", () => {
    const sample = `type: S3
config:
  bucket: "blocks"
  endpoint: "minio:9000"
  region: ""
  aws_sdk_auth: false
  access_key: "AK"
  insecure: false
  signature_version2: false
  secret_key: "SK"
  session_token: ""
  put_user_metadata: {}
  http_config:
    idle_conn_timeout: 1m30s
    response_header_timeout: 2m
    insecure_skip_verify: false
    tls_handshake_timeout: 10s
    expect_continue_timeout: 1s
    max_idle_conns: 100
    max_idle_conns_per_host: 100
    max_conns_per_host: 0
    tls_config:
      ca_file: ""
      cert_file: ""
      key_file: ""
      server_name: ""
      insecure_skip_verify: false
    disable_compression: false
  trace:
    enable: false
  list_objects_version: ""
  bucket_lookup_type: auto
  send_content_md5: true
  disable_multipart: false
  part_size: 67108864
  sse_config:
    type: ""
    kms_key_id: ""
    kms_encryption_context: {}
    encryption_key: ""
  sts_endpoint: ""
prefix: ""
`
    const c = parseObjstoreConfig(sample) as Extract<ObjstoreConfig, { type: "S3" }>
    expect(c.s3.bucket).toBe("blocks")
    expect(c.s3.credentials?.accessKeyId).toBe("AK")
    expect(c.s3.partSizeBytes).toBe(67108864)
  })

  it.each([
    ["", "objstore.yml: type: missing (use S3 or FILESYSTEM)"],
    [
      "type: GCS\nconfig:\n  bucket: x\n",
      'objstore.yml: type: unsupported object store type "GCS" (use S3 or FILESYSTEM) (line 1)'
    ],
    ["type: FILESYSTEM\n", "objstore.yml: config.directory: missing"],
    [
      "type: FILESYSTEM\nconfig:\n  directory: [a]\n",
      "objstore.yml: config.directory: expected a scalar value (line 3)"
    ],
    ["type: FILESYSTEM\nconfig:\n  dir: /x\n", "objstore.yml: config.directory: missing"],
    ["type: S3\n", "objstore.yml: config: missing"],
    ["type: S3\nconfig: [1]\n", "objstore.yml: config: expected a mapping for s3.Config (line 2)"],
    ["type: S3\nconfig:\n  endpoint: x\n", "objstore.yml: config.bucket: missing"],
    ["type: S3\nconfig:\n  bucket: b\n", "objstore.yml: config.endpoint: missing"],
    [
      `${minimal}  secrett_key: sk\n`,
      "objstore.yml: config.secrett_key: field secrett_key not found in type s3.Config (line 5)"
    ],
    [
      `${minimal}extra: 1\n`,
      "objstore.yml: extra: field extra not found in type client.BucketConfig (line 5)"
    ],
    [
      "type: S3\nconfig:\n  bucket: b\n  endpoint: http://minio:9000\n",
      'objstore.yml: config.endpoint: "http://minio:9000" must be host[:port] without a scheme (insecure: true selects http) (line 4)'
    ],
    [
      "type: S3\nconfig:\n  bucket: b\n  endpoint: minio:9000/path\n",
      'objstore.yml: config.endpoint: "minio:9000/path" must be host[:port] without a path (line 4)'
    ],
    [
      `${minimal}  access_key: AK\n`,
      "objstore.yml: config.secret_key: missing (access_key is set; give both or neither)"
    ],
    [
      `${minimal}  secret_key: hunter2\n`,
      "objstore.yml: config.access_key: missing (secret_key is set; give both or neither)"
    ],
    [
      `${minimal}  signature_version2: true\n`,
      "objstore.yml: config.signature_version2: true is not supported: requests are signed with AWS Signature Version 4 (line 5)"
    ],
    [
      `${minimal}  part_size: 1048576\n`,
      "objstore.yml: config.part_size: 1048576 is below S3's minimum part size of 5242880 bytes (line 5)"
    ],
    [
      `${minimal}  part_size: 5.5\n`,
      'objstore.yml: config.part_size: cannot unmarshal "5.5" into an integer (line 5)'
    ],
    [
      `${minimal}  insecure: maybe\n`,
      'objstore.yml: config.insecure: cannot unmarshal "maybe" into bool (line 5)'
    ],
    [
      `${minimal}  http_config:\n    idle_conn_timeout: soon\n`,
      'objstore.yml: config.http_config.idle_conn_timeout: not a valid duration string: "soon" (line 6)'
    ],
    [
      `${minimal}  http_config:\n    max_conns_per_host: -1\n`,
      "objstore.yml: config.http_config.max_conns_per_host: must not be negative (line 6)"
    ],
    [
      `${minimal}  http_config:\n    tls_config:\n      ca: x\n`,
      "objstore.yml: config.http_config.tls_config.ca: field ca not found in type exthttp.TLSConfig (line 7)"
    ],
    [
      `${minimal}  sse_config:\n    type: SSE-KMS\n`,
      "objstore.yml: config.sse_config.kms_key_id: missing (required with type SSE-KMS)"
    ],
    [
      `${minimal}  sse_config:\n    type: SSE-C\n    encryption_key: /k\n`,
      "objstore.yml: config.sse_config.type: SSE-C is not supported (use SSE-S3 or SSE-KMS) (line 6)"
    ],
    [
      `${minimal}  sse_config:\n    type: AES\n`,
      'objstore.yml: config.sse_config.type: unsupported type "AES" (use SSE-S3, SSE-KMS or SSE-C) (line 6)'
    ],
    [
      `${minimal}  list_objects_version: v1\n`,
      'objstore.yml: config.list_objects_version: "v1" is not supported (only ListObjectsV2) (line 5)'
    ],
    [
      `${minimal}  list_objects_version: v3\n`,
      'objstore.yml: config.list_objects_version: unsupported value "v3" (use "v1" or "v2") (line 5)'
    ],
    [
      `${minimal}  bucket_lookup_type: dns\n`,
      'objstore.yml: config.bucket_lookup_type: unsupported value "dns" (use "auto", "path" or "virtual-hosted") (line 5)'
    ],
    [
      `${minimal}  sts_endpoint: https://sts.local\n`,
      "objstore.yml: config.sts_endpoint: is not supported (line 5)"
    ],
    [
      "type: S3\nconfig:\n  bucket: b\n  bucket: c\n",
      "objstore.yml: yaml: Map keys must be unique at line 4, column 3: (line 4)"
    ]
  ])("rejects %j: %s", (text, message) => {
    expect(() => parseObjstoreConfig(text)).toThrow(message)
    expect(() => parseObjstoreConfig(text)).toThrowError(expect.objectContaining({ message }))
  })

  it("names the file it was given", () => {
    expect(() => parseObjstoreConfig("type: S3\n", "/etc/vesta/bucket.yml")).toThrow(
      "/etc/vesta/bucket.yml: config: missing"
    )
  })

  it("never shows a secret: not when printed, not in an error about it", () => {
    const c = parseObjstoreConfig(
      `${minimal}  access_key: AK\n  secret_key: hunter2\n  session_token: tok3n\n`
    )
    const printed = `${JSON.stringify(c)} ${String((c as { s3: { credentials: unknown } }).s3.credentials)}`
    expect(printed).not.toContain("hunter2")
    expect(printed).not.toContain("tok3n")
    for (const bad of [
      `${minimal}  secret_key: {hunter2: 1}\n`,
      `${minimal}  secret_key: hunter2\n  unknown: 1\n`
    ]) {
      expect(() => parseObjstoreConfig(bad)).toThrow()
      try {
        parseObjstoreConfig(bad)
      } catch (e) {
        expect((e as Error).message).not.toContain("hunter2")
      }
    }
  })

  const roundTrip = (layer: Layer.Layer<ObjectStore, unknown>) =>
    Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* ObjectStore
        yield* store.put("01ABC/meta.json", new TextEncoder().encode("{}"))
        const page = yield* store.list("", { delimiter: "/" })
        const back = new TextDecoder().decode(yield* store.get("01ABC/meta.json"))
        yield* store.delete("01ABC/meta.json")
        return { prefixes: page.commonPrefixes, back }
      }).pipe(Effect.provide(layer))
    )

  it("builds a filesystem store that keeps objects under the prefix", async () => {
    const root = join(dir, "fs")
    const config = parseObjstoreConfig(`type: FILESYSTEM\nprefix: tenant-a\nconfig:\n  directory: ${root}\n`)
    const seen: string[] = []
    const result = await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* ObjectStore
        yield* store.put("01ABC/meta.json", new TextEncoder().encode("{}"))
        seen.push(String(existsSync(join(root, "tenant-a", "01ABC", "meta.json"))))
        return (yield* store.list("", { delimiter: "/" })).commonPrefixes
      }).pipe(Effect.provide(layerFromObjstoreConfig(config)))
    )
    expect(result).toEqual(["01ABC/"])
    expect(seen).toEqual(["true"])
  })

  it("builds an S3 store from host:port, insecure and keys, and uses it (s3rver)", async () => {
    const endpoint = inject("s3Endpoint").replace(/^http:\/\//, "")
    const text = `type: S3\nprefix: cfg-${Date.now()}\nconfig:\n  bucket: ${inject("s3Bucket")}\n  endpoint: ${endpoint}\n  insecure: true\n  access_key: S3RVER\n  secret_key: S3RVER\n  part_size: 5242880\n`
    expect(await roundTrip(layerFromObjstoreConfig(parseObjstoreConfig(text)))).toEqual({
      prefixes: ["01ABC/"],
      back: "{}"
    })
  })

  it("fails the layer with the store's error when a TLS file is missing", async () => {
    const config = parseObjstoreConfig(
      `${minimal}  http_config:\n    tls_config:\n      ca_file: ${join(dir, "absent.pem")}\n`
    )
    await expect(roundTrip(layerFromObjstoreConfig(config))).rejects.toThrow(
      /object store configure "b" failed: .*absent\.pem/
    )
  })
})
