/**
 * Thanos's `objstore.yml` (`type: FILESYSTEM` with `config.directory`; `type: S3` with bucket,
 * endpoint, credentials, part size, http_config, sse_config…; top-level `prefix`) parsed strictly,
 * and turned into an ObjectStore layer. Errors name the field path; secrets are kept Redacted and
 * never appear in a message. Options Vesta cannot honour are refused, not silently ignored.
 */

import { readFile } from "node:fs/promises"
import { Agent } from "node:https"
import type { S3ClientConfig } from "@aws-sdk/client-s3"
import { Effect, Layer, Redacted } from "effect"
import {
  ConfigError,
  type Cursor,
  openDocument,
  readBool,
  readDuration,
  readInt,
  readObject,
  readString,
  readStringMap
} from "../../protocols/config/yaml-reader.ts"
import { layerFs } from "./fs-object-store.ts"
import {
  defaultPartSizeBytes,
  minPartSizeBytes,
  ObjectStore,
  ObjectStoreUnavailableError
} from "./object-store.ts"
import { prefixedObjectStore } from "./prefixed-object-store.ts"
import { layerS3, type S3ObjectStoreOptions, type S3PutParams } from "./s3-object-store.ts"

export interface S3HttpConfig {
  readonly responseHeaderTimeoutMs: number
  readonly insecureSkipVerify: boolean
  readonly maxConnsPerHost: number
  readonly caFile: string
  readonly certFile: string
  readonly keyFile: string
  readonly serverName: string
}

export interface S3Config {
  readonly bucket: string
  /** host[:port], no scheme (Thanos's form); `insecure` picks http. */
  readonly endpoint: string
  readonly region: string
  /** From the config file when both keys are set; otherwise the AWS SDK's default chain. */
  readonly credentials?: {
    readonly accessKeyId: string
    readonly secretAccessKey: Redacted.Redacted<string>
    readonly sessionToken?: Redacted.Redacted<string>
  }
  readonly insecure: boolean
  readonly forcePathStyle: boolean
  readonly partSizeBytes: number
  readonly disableMultipart: boolean
  readonly putParams: S3PutParams
  readonly http: S3HttpConfig
}

export type ObjstoreConfig =
  | { readonly type: "FILESYSTEM"; readonly prefix: string; readonly directory: string }
  | { readonly type: "S3"; readonly prefix: string; readonly s3: S3Config }

const readS3Http = (c: Cursor): S3HttpConfig =>
  readObject(c, "exthttp.HTTPConfig", (f) => {
    // Accepted for compatibility; Node's agent has no direct equivalent, so they do nothing.
    readDuration(f("idle_conn_timeout"), 0)
    readDuration(f("tls_handshake_timeout"), 0)
    readDuration(f("expect_continue_timeout"), 0)
    readInt(f("max_idle_conns"), 0)
    readInt(f("max_idle_conns_per_host"), 0)
    readBool(f("disable_compression"), false)
    const topSkip = readBool(f("insecure_skip_verify"), false)
    const http = {
      responseHeaderTimeoutMs: readDuration(f("response_header_timeout"), 120_000),
      maxConnsPerHost: readInt(f("max_conns_per_host"), 0)
    }
    const tls = readObject(f("tls_config"), "exthttp.TLSConfig", (t) => ({
      caFile: readString(t("ca_file"), ""),
      certFile: readString(t("cert_file"), ""),
      keyFile: readString(t("key_file"), ""),
      serverName: readString(t("server_name"), ""),
      insecureSkipVerify: readBool(t("insecure_skip_verify"), false)
    }))
    if (http.maxConnsPerHost < 0) f("max_conns_per_host").fail("must not be negative")
    return { ...http, ...tls, insecureSkipVerify: topSkip || tls.insecureSkipVerify }
  })

const readSse = (c: Cursor): S3PutParams =>
  readObject(c, "s3.SSEConfig", (f) => {
    const type = readString(f("type"), "")
    const kmsKeyId = readString(f("kms_key_id"), "")
    const context = readStringMap(f("kms_encryption_context"))
    readString(f("encryption_key"), "")
    if (type === "") return {}
    if (type === "SSE-S3") return { ServerSideEncryption: "AES256" }
    if (type === "SSE-KMS") {
      if (kmsKeyId === "") f("kms_key_id").fail("missing (required with type SSE-KMS)")
      return {
        ServerSideEncryption: "aws:kms",
        SSEKMSKeyId: kmsKeyId,
        SSEKMSEncryptionContext:
          Object.keys(context).length === 0
            ? undefined
            : Buffer.from(JSON.stringify(context)).toString("base64")
      }
    }
    if (type === "SSE-C") return f("type").fail("SSE-C is not supported (use SSE-S3 or SSE-KMS)")
    return f("type").fail(`unsupported type ${JSON.stringify(type)} (use SSE-S3, SSE-KMS or SSE-C)`)
  })

const awsRegionOf = (endpoint: string) => endpoint.match(/^s3[.-]([a-z0-9-]+)\.amazonaws\.com$/)?.[1]

const readS3 = (c: Cursor): S3Config =>
  readObject(c, "s3.Config", (f) => {
    const required = (name: string) => {
      const v = readString(f(name), "")
      return v === "" ? f(name).fail("missing") : v
    }
    const bucket = required("bucket")
    const endpoint = required("endpoint")
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint))
      f("endpoint").fail(
        `${JSON.stringify(endpoint)} must be host[:port] without a scheme (insecure: true selects http)`
      )
    if (endpoint.includes("/"))
      f("endpoint").fail(`${JSON.stringify(endpoint)} must be host[:port] without a path`)
    const region = readString(f("region"), "") || awsRegionOf(endpoint) || "us-east-1"
    const awsSdkAuth = readBool(f("aws_sdk_auth"), false)
    const accessKey = readString(f("access_key"), "")
    const secretKey = readString(f("secret_key"), "")
    const sessionToken = readString(f("session_token"), "")
    if (accessKey !== "" && secretKey === "")
      f("secret_key").fail("missing (access_key is set; give both or neither)")
    if (secretKey !== "" && accessKey === "")
      f("access_key").fail("missing (secret_key is set; give both or neither)")
    if (readBool(f("signature_version2"), false))
      f("signature_version2").fail("true is not supported: requests are signed with AWS Signature Version 4")
    const putUserMetadata = readStringMap(f("put_user_metadata"))
    const http = readS3Http(f("http_config"))
    readObject(f("trace"), "s3.TraceConfig", (t) => readBool(t("enable"), false))
    const listVersion = readString(f("list_objects_version"), "")
    if (listVersion === "v1") f("list_objects_version").fail('"v1" is not supported (only ListObjectsV2)')
    else if (listVersion !== "" && listVersion !== "v2")
      f("list_objects_version").fail(`unsupported value ${JSON.stringify(listVersion)} (use "v1" or "v2")`)
    const lookup = readString(f("bucket_lookup_type"), "auto")
    if (!["auto", "path", "virtual-hosted"].includes(lookup))
      f("bucket_lookup_type").fail(
        `unsupported value ${JSON.stringify(lookup)} (use "auto", "path" or "virtual-hosted")`
      )
    readBool(f("send_content_md5"), true) // the SDK sends checksums where S3 requires them
    const disableMultipart = readBool(f("disable_multipart"), false)
    const partSize = readInt(f("part_size"), defaultPartSizeBytes)
    if (partSize !== 0 && partSize < minPartSizeBytes)
      f("part_size").fail(`${partSize} is below S3's minimum part size of ${minPartSizeBytes} bytes`)
    const sse = readSse(f("sse_config"))
    if (readString(f("sts_endpoint"), "") !== "") f("sts_endpoint").fail("is not supported")
    const storageClassKey = Object.keys(putUserMetadata).find(
      (k) => k.toLowerCase() === "x-amz-storage-class"
    )
    const { [storageClassKey ?? ""]: storageClass, ...metadata } = putUserMetadata
    return {
      bucket,
      endpoint,
      region,
      credentials:
        awsSdkAuth || accessKey === ""
          ? undefined
          : {
              accessKeyId: accessKey,
              secretAccessKey: Redacted.make(secretKey),
              sessionToken: sessionToken === "" ? undefined : Redacted.make(sessionToken)
            },
      insecure: readBool(f("insecure"), false),
      // "auto": virtual-hosted for AWS endpoints, path style for everything else (MinIO, Ceph, ...).
      forcePathStyle: lookup === "path" || (lookup === "auto" && !endpoint.endsWith("amazonaws.com")),
      partSizeBytes: partSize === 0 ? defaultPartSizeBytes : partSize,
      disableMultipart,
      putParams: {
        ...sse,
        Metadata: Object.keys(metadata).length === 0 ? undefined : metadata,
        StorageClass: storageClass as S3PutParams["StorageClass"]
      },
      http
    }
  })

/** Parses objstore.yml text; throws ConfigError `<file>: <field path>: <reason>`. */
export const parseObjstoreConfig = (text: string, file = "objstore.yml"): ObjstoreConfig => {
  try {
    return readObject(openDocument(text), "client.BucketConfig", (f) => {
      const typeText = readString(f("type"), "")
      const prefix = readString(f("prefix"), "").replace(/^\/+|\/+$/g, "")
      const type = typeText.toUpperCase()
      if (type === "FILESYSTEM")
        return readObject(f("config"), "filesystem.Config", (c) => {
          const directory = readString(c("directory"), "")
          return directory === ""
            ? c("directory").fail("missing")
            : { type: "FILESYSTEM" as const, prefix, directory }
        })
      if (type === "S3") {
        if (f("config").isNull) f("config").fail("missing")
        return { type: "S3" as const, prefix, s3: readS3(f("config")) }
      }
      f("config") // its fields depend on the type, which is wrong: report the type
      return typeText === ""
        ? f("type").fail("missing (use S3 or FILESYSTEM)")
        : f("type").fail(`unsupported object store type ${JSON.stringify(typeText)} (use S3 or FILESYSTEM)`)
    })
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${file}: ${e.message}`)
    throw e
  }
}

/** The AWS SDK settings for an S3 config (reads TLS files named in http_config). */
export const s3StoreOptions = async (s3: S3Config): Promise<S3ObjectStoreOptions> => {
  const { http } = s3
  const read = (p: string) => (p === "" ? undefined : readFile(p))
  const [ca, cert, key] = await Promise.all([read(http.caFile), read(http.certFile), read(http.keyFile)])
  const client: S3ClientConfig = {
    endpoint: `${s3.insecure ? "http" : "https"}://${s3.endpoint}`,
    region: s3.region,
    forcePathStyle: s3.forcePathStyle,
    credentials: s3.credentials && {
      accessKeyId: s3.credentials.accessKeyId,
      secretAccessKey: Redacted.value(s3.credentials.secretAccessKey),
      sessionToken: s3.credentials.sessionToken && Redacted.value(s3.credentials.sessionToken)
    },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: {
      requestTimeout: http.responseHeaderTimeoutMs === 0 ? undefined : http.responseHeaderTimeoutMs,
      httpsAgent: new Agent({
        keepAlive: true,
        maxSockets: http.maxConnsPerHost === 0 ? Number.POSITIVE_INFINITY : http.maxConnsPerHost,
        rejectUnauthorized: !http.insecureSkipVerify,
        ca,
        cert,
        key,
        servername: http.serverName === "" ? undefined : http.serverName
      })
    }
  }
  return {
    bucket: s3.bucket,
    client,
    partSizeBytes: s3.partSizeBytes,
    disableMultipart: s3.disableMultipart,
    putParams: s3.putParams
  }
}

/** The ObjectStore layer an objstore.yml describes, under its `prefix` when one is set. */
export const layerFromObjstoreConfig = (
  config: ObjstoreConfig
): Layer.Layer<ObjectStore, ObjectStoreUnavailableError> => {
  const base: Layer.Layer<ObjectStore, ObjectStoreUnavailableError> =
    config.type === "FILESYSTEM"
      ? layerFs(config.directory)
      : Layer.unwrap(
          Effect.tryPromise({
            try: () => s3StoreOptions(config.s3),
            catch: (cause) =>
              new ObjectStoreUnavailableError({ op: "configure", key: config.s3.bucket, cause })
          }).pipe(Effect.map(layerS3))
        )
  if (config.prefix === "") return base
  const prefix = `${config.prefix}/`
  return Layer.effect(
    ObjectStore,
    Effect.gen(function* () {
      return prefixedObjectStore(yield* ObjectStore, prefix)
    })
  ).pipe(Layer.provide(base))
}
