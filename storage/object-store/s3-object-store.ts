/**
 * The S3 ObjectStore over `@aws-sdk/client-s3`: explicit `bytes=a-b` ranges (never suffix ranges,
 * which some S3 look-alikes get wrong), multipart uploads through lib-storage's `Upload` in parts of
 * a configured size, ListObjectsV2 with continuation tokens. It does not create the bucket.
 */
import { createReadStream } from "node:fs"
import { stat } from "node:fs/promises"
import { Readable } from "node:stream"
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  type S3ClientConfig
} from "@aws-sdk/client-s3"
import { Upload } from "@aws-sdk/lib-storage"
import { Effect, Layer } from "effect"
import {
  checkKey,
  checkMaxKeys,
  checkRange,
  defaultPartSizeBytes,
  isObjectFile,
  listAllPages,
  minPartSizeBytes,
  ObjectNotFoundError,
  ObjectStore,
  type ObjectStoreShape,
  ObjectStoreUnavailableError,
  type PutBody
} from "./object-store.ts"

/** Extra PutObject parameters applied to every upload (user metadata, server-side encryption). */
export type S3PutParams = Pick<
  PutObjectCommandInput,
  "Metadata" | "ServerSideEncryption" | "SSEKMSKeyId" | "SSEKMSEncryptionContext" | "StorageClass"
>

export interface S3ObjectStoreOptions {
  readonly bucket: string
  readonly client: S3ClientConfig
  /** Bodies up to this size go up in one PUT, larger ones in parts of it; at least 5 MiB. */
  readonly partSizeBytes?: number
  /** Parts uploaded at once by one put. */
  readonly uploadQueueSize?: number
  /** Never multipart: one PutObject per put (streamed bodies are buffered first). */
  readonly disableMultipart?: boolean
  readonly putParams?: S3PutParams
}

interface SdkError {
  readonly name?: string
  readonly $metadata?: { readonly httpStatusCode?: number }
}
const status = (e: unknown) => (e as SdkError | undefined)?.$metadata?.httpStatusCode
const errorName = (e: unknown) => (e as SdkError | undefined)?.name
// HeadObject has no body, so a 404 there is just "NotFound"; a missing bucket stays "unavailable".
const isNotFound = (e: unknown) =>
  errorName(e) !== "NoSuchBucket" &&
  (errorName(e) === "NoSuchKey" || errorName(e) === "NotFound" || status(e) === 404)
const isInvalidRange = (e: unknown) => errorName(e) === "InvalidRange" || status(e) === 416
const unquote = (etag: string | undefined) => (etag ?? "").replace(/^"|"$/g, "")

const collect = async (body: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = []
  for await (const p of body) parts.push(p)
  return Buffer.concat(parts)
}

export const s3ObjectStore = (o: S3ObjectStoreOptions): ObjectStoreShape & { readonly close: () => void } => {
  const partSize = o.partSizeBytes ?? defaultPartSizeBytes
  if (!Number.isSafeInteger(partSize) || partSize < minPartSizeBytes)
    throw new Error(`S3 part size ${partSize} is below the minimum ${minPartSizeBytes}`)
  const s3 = new S3Client(o.client)
  const Bucket = o.bucket

  const send = <A>(op: string, key: string, f: (signal: AbortSignal) => Promise<A>) =>
    Effect.tryPromise({
      try: f,
      catch: (e) =>
        isNotFound(e)
          ? new ObjectNotFoundError({ key })
          : new ObjectStoreUnavailableError({ op, key, cause: e })
    })
  const sendNoNotFound = <A>(op: string, key: string, f: (signal: AbortSignal) => Promise<A>) =>
    Effect.tryPromise({ try: f, catch: (cause) => new ObjectStoreUnavailableError({ op, key, cause }) })

  const head: ObjectStoreShape["head"] = (key) =>
    checkKey(key).pipe(
      Effect.andThen(
        send("head", key, async (abortSignal) => {
          const r = await s3.send(new HeadObjectCommand({ Bucket, Key: key }), { abortSignal })
          return {
            key,
            size: r.ContentLength ?? 0,
            lastModifiedMs: r.LastModified?.getTime() ?? 0,
            etag: unquote(r.ETag)
          }
        })
      )
    )

  const get: ObjectStoreShape["get"] = (key) =>
    checkKey(key).pipe(
      Effect.andThen(
        send("get", key, async (abortSignal) => {
          const r = await s3.send(new GetObjectCommand({ Bucket, Key: key }), { abortSignal })
          return r.Body ? await r.Body.transformToByteArray() : new Uint8Array()
        })
      )
    )

  const getRange: ObjectStoreShape["getRange"] = (key, offset, length) =>
    checkKey(key).pipe(
      Effect.andThen(checkRange(offset, length)),
      Effect.andThen(
        length === 0
          ? head(key).pipe(Effect.as(new Uint8Array()))
          : send("getRange", key, async (abortSignal) => {
              try {
                const Range = `bytes=${offset}-${offset + length - 1}`
                const r = await s3.send(new GetObjectCommand({ Bucket, Key: key, Range }), { abortSignal })
                const bytes = r.Body ? await r.Body.transformToByteArray() : new Uint8Array()
                // 200 instead of 206: the server ignored the range and sent the whole object.
                return r.$metadata.httpStatusCode === 200 ? bytes.slice(offset, offset + length) : bytes
              } catch (e) {
                // 416: the object exists but starts at or before `offset`; clipped, that is nothing.
                if (isInvalidRange(e)) return new Uint8Array()
                throw e
              }
            })
      )
    )

  const putOnce = async (key: string, body: PutBody, abortSignal: AbortSignal) => {
    let Body: Uint8Array | Readable
    let ContentLength: number | undefined
    if (body instanceof Uint8Array) Body = body
    else if (isObjectFile(body)) {
      ContentLength = (await stat(body.filePath)).size
      Body = createReadStream(body.filePath)
    } else Body = await collect(body)
    await s3.send(new PutObjectCommand({ ...o.putParams, Bucket, Key: key, Body, ContentLength }), {
      abortSignal
    })
  }

  const put: ObjectStoreShape["put"] = (key, body) =>
    checkKey(key).pipe(
      Effect.andThen(
        sendNoNotFound("put", key, async (signal) => {
          if (o.disableMultipart) return putOnce(key, body, signal)
          const Body =
            body instanceof Uint8Array
              ? body
              : isObjectFile(body)
                ? createReadStream(body.filePath)
                : Readable.from(body, { objectMode: false })
          // Upload sends one PutObject when the body fits in a part, else a multipart upload that
          // it aborts on failure; the object only appears when CompleteMultipartUpload succeeds.
          const upload = new Upload({
            client: s3,
            params: { ...o.putParams, Bucket, Key: key, Body },
            partSize,
            queueSize: o.uploadQueueSize ?? 4,
            leavePartsOnError: false
          })
          const onAbort = () => void upload.abort().catch(() => undefined)
          signal.addEventListener("abort", onAbort, { once: true })
          try {
            await upload.done()
          } finally {
            signal.removeEventListener("abort", onAbort)
          }
        })
      )
    )

  const list: ObjectStoreShape["list"] = (prefix, options = {}) =>
    checkMaxKeys(options).pipe(
      Effect.flatMap((MaxKeys) =>
        sendNoNotFound("list", prefix, async (abortSignal) => {
          const r = await s3.send(
            new ListObjectsV2Command({
              Bucket,
              Prefix: prefix === "" ? undefined : prefix,
              Delimiter: options.delimiter,
              MaxKeys,
              ContinuationToken: options.continuationToken,
              StartAfter: options.continuationToken === undefined ? options.startAfter : undefined
            }),
            { abortSignal }
          )
          return {
            objects: (r.Contents ?? []).map((c) => ({
              key: c.Key ?? "",
              size: c.Size ?? 0,
              lastModifiedMs: c.LastModified?.getTime() ?? 0,
              etag: unquote(c.ETag)
            })),
            commonPrefixes: (r.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""),
            continuationToken: r.IsTruncated ? r.NextContinuationToken : undefined
          }
        })
      )
    )

  const del: ObjectStoreShape["delete"] = (key) =>
    checkKey(key).pipe(
      Effect.andThen(
        send("delete", key, (abortSignal) =>
          s3.send(new DeleteObjectCommand({ Bucket, Key: key }), { abortSignal })
        )
      ),
      // S3 answers 204 for a missing key; look-alikes that answer 404 mean the same.
      Effect.catchTag("ObjectNotFoundError", () => Effect.void),
      Effect.asVoid
    )

  const exists: ObjectStoreShape["exists"] = (key) =>
    head(key).pipe(
      Effect.as(true),
      Effect.catchTag("ObjectNotFoundError", () => Effect.succeed(false))
    )

  return {
    close: () => s3.destroy(),
    get,
    getRange,
    put,
    head,
    exists,
    list,
    listAll: listAllPages(list),
    delete: del
  }
}

/** The ObjectStore service over S3; the client is destroyed when the layer's Scope closes. */
export const layerS3 = (options: S3ObjectStoreOptions): Layer.Layer<ObjectStore> =>
  Layer.effect(
    ObjectStore,
    Effect.acquireRelease(
      Effect.sync(() => s3ObjectStore(options)),
      (store) => Effect.sync(() => store.close())
    )
  )
