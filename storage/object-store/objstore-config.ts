/**
 * Thanos's `objstore.yml` (`type: FILESYSTEM` with `config.directory`, `type: S3` with bucket,
 * endpoint, access_key, secret_key, insecure, region, part_size…) turned into an ObjectStore.
 * Errors name the field path; secrets are never part of a message.
 */
import { parse as parseYaml } from "yaml"
import { fsObjectStore } from "./fs-object-store.ts"
import type { ObjectStore } from "./object-store.ts"
import { s3ObjectStore } from "./s3-object-store.ts"

export type ObjstoreConfig =
  | { readonly type: "FILESYSTEM"; readonly directory: string }
  | {
      readonly type: "S3"
      readonly bucket: string
      readonly endpoint: string
      readonly region: string
      readonly accessKey: string
      readonly secretKey: string
      readonly insecure: boolean
      readonly partSizeBytes: number
    }

const s3Fields = new Set([
  "bucket",
  "endpoint",
  "region",
  "access_key",
  "secret_key",
  "insecure",
  "part_size",
  "session_token",
  "signature_version2",
  "http_config",
  "trace",
  "list_objects_version",
  "bucket_lookup_type",
  "send_content_md5",
  "disable_dualstack",
  "sse_config",
  "put_user_metadata",
  "storage_class",
  "max_retries"
])

export const parseObjstoreConfig = (text: string, file = "objstore.yml"): ObjstoreConfig => {
  const doc = (parseYaml(text) ?? {}) as Record<string, unknown>
  const fail = (path: string, why: string): never => {
    throw new Error(`${file}: ${path}: ${why}`)
  }
  const type = String(doc.type ?? "").toUpperCase()
  const config = (doc.config ?? {}) as Record<string, unknown>
  if (typeof config !== "object" || Array.isArray(config)) fail("config", "expected a mapping")
  for (const k of Object.keys(doc)) if (!["type", "config", "prefix"].includes(k)) fail(k, "unknown field")
  if (type === "FILESYSTEM") {
    if (typeof config.directory !== "string" || config.directory === "") fail("config.directory", "missing")
    return { type, directory: config.directory as string }
  }
  if (type === "S3") {
    for (const k of Object.keys(config)) if (!s3Fields.has(k)) fail(`config.${k}`, "unknown field")
    const str = (k: string, required: boolean) => {
      const v = config[k]
      if (v === undefined || v === "") return required ? fail(`config.${k}`, "missing") : ""
      if (typeof v !== "string") return fail(`config.${k}`, "expected a string")
      return v
    }
    return {
      type,
      bucket: str("bucket", true),
      endpoint: str("endpoint", true),
      region: str("region", false) || "us-east-1",
      accessKey: str("access_key", false),
      secretKey: str("secret_key", false),
      insecure: config.insecure === true,
      partSizeBytes: typeof config.part_size === "number" ? config.part_size : 64 * 1024 * 1024
    }
  }
  return fail(
    "type",
    type === "" ? "missing" : `unsupported type ${JSON.stringify(doc.type)} (use S3 or FILESYSTEM)`
  )
}

export const objectStoreFromConfig = (c: ObjstoreConfig): ObjectStore => {
  if (c.type === "FILESYSTEM") return fsObjectStore(c.directory)
  return s3ObjectStore({
    bucket: c.bucket,
    partSizeBytes: c.partSizeBytes,
    client: {
      endpoint: `${c.insecure ? "http" : "https"}://${c.endpoint}`,
      region: c.region,
      forcePathStyle: true,
      credentials: c.accessKey ? { accessKeyId: c.accessKey, secretAccessKey: c.secretKey } : undefined,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED"
    }
  })
}
