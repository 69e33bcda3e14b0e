/**
 * The S3 ObjectStore over `@aws-sdk/client-s3`: sizes from HeadObject, ranges as explicit
 * `bytes=a-b` (never suffix ranges, which some servers get wrong), multipart uploads through
 * lib-storage for large bodies, ListObjectsV2 paging with continuation tokens.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig
} from "@aws-sdk/client-s3"
import { Upload } from "@aws-sdk/lib-storage"
import { Effect } from "effect"
import { ObjectNotFoundError, type ObjectStore, ObjectStoreUnavailableError } from "./object-store.ts"

export interface S3ObjectStoreOptions {
  readonly bucket: string
  readonly client: S3ClientConfig
  /** Bodies larger than this go up in parts of this size. */
  readonly partSizeBytes: number
}

const isNotFound = (e: unknown) => {
  const x = e as { name?: string; $metadata?: { httpStatusCode?: number } }
  return x.name === "NoSuchKey" || x.name === "NotFound" || x.$metadata?.httpStatusCode === 404
}

export const s3ObjectStore = (o: S3ObjectStoreOptions): ObjectStore & { readonly close: () => void } => {
  const s3 = new S3Client(o.client)
  const call = <A>(op: string, key: string, f: () => Promise<A>) =>
    Effect.tryPromise({
      try: f,
      catch: (e) =>
        isNotFound(e)
          ? new ObjectNotFoundError({ key })
          : new ObjectStoreUnavailableError({ op, key, cause: e })
    })
  const unavailable = <A>(op: string, key: string, f: () => Promise<A>) =>
    Effect.tryPromise({ try: f, catch: (cause) => new ObjectStoreUnavailableError({ op, key, cause }) })
  const head = (key: string) =>
    call("head", key, async () => {
      const r = await s3.send(new HeadObjectCommand({ Bucket: o.bucket, Key: key }))
      return { key, size: r.ContentLength ?? 0, lastModifiedMs: r.LastModified?.getTime() ?? 0 }
    })
  const getBytes = (key: string, range?: string) =>
    call("get", key, async () => {
      const r = await s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: key, Range: range }))
      return new Uint8Array(
        await (r.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()
      )
    })
  return {
    close: () => s3.destroy(),
    get: (key) => getBytes(key),
    getRange: (key, offset, length) =>
      Effect.gen(function* () {
        const info = yield* head(key)
        if (offset >= info.size || length <= 0) return new Uint8Array()
        const end = Math.min(info.size, offset + length) - 1
        return yield* getBytes(key, `bytes=${offset}-${end}`)
      }),
    put: (key, body) =>
      unavailable("put", key, async () => {
        const upload = new Upload({
          client: s3,
          params: { Bucket: o.bucket, Key: key, Body: body },
          partSize: Math.max(5 * 1024 * 1024, o.partSizeBytes),
          queueSize: 4
        })
        await upload.done()
      }),
    head,
    list: (prefix, options = {}) =>
      unavailable("list", prefix, async () => {
        const r = await s3.send(
          new ListObjectsV2Command({
            Bucket: o.bucket,
            Prefix: prefix,
            Delimiter: options.delimiter,
            MaxKeys: options.maxKeys,
            ContinuationToken: options.continuationToken,
            StartAfter: options.continuationToken ? undefined : options.startAfter
          })
        )
        return {
          objects: (r.Contents ?? []).map((c) => ({
            key: c.Key ?? "",
            size: c.Size ?? 0,
            lastModifiedMs: c.LastModified?.getTime() ?? 0
          })),
          commonPrefixes: (r.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""),
          continuationToken: r.IsTruncated ? r.NextContinuationToken : undefined
        }
      }),
    delete: (key) =>
      unavailable("delete", key, () => s3.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: key }))).pipe(
        Effect.asVoid
      )
  }
}
