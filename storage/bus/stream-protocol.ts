/**
 * How a streamed reply travels as core NATS messages; the wire format of Bus.request/serve over
 * NATS (the in-process bus needs none of it). It does no I/O: constants and header names only.
 *
 * Request: the requester subscribes to a fresh inbox I, then publishes the request with reply-to I
 * and `Vesta-Credit: W` (how many reply messages may be in flight unacknowledged).
 *
 * Replies, from the one responder (responders always form a queue group) to I, numbered from 1 in
 * `Vesta-Seq`:
 *
 *   Vesta-Stream: part   a piece of a chunk larger than the part size; more pieces follow
 *   Vesta-Stream: data   a chunk (or its last piece): the requester emits the joined pieces
 *   Vesta-Stream: end    the handler's stream ended; empty body
 *   Vesta-Stream: error  the handler failed, or the responder stopped (its serve Scope closed, or
 *                        no ack came within its stall limit); the body is the message in UTF-8
 *                        and `Vesta-Error` a one-line copy of at most 256 characters (headers
 *                        cannot carry line breaks, and big ones would eat into the part room)
 *
 * The first reply also carries `Vesta-Ack: A`, the responder's control subject for this request.
 * Flow control is credit based: the responder never has more than W messages past the last
 * acknowledged sequence. The requester publishes `Vesta-Stream: ack` + `Vesta-Seq: n` to A once
 * the consumer has pulled W/2 messages past its last ack, and `Vesta-Stream: cancel` to A when it
 * stops early. Pieces of a chunk are credited on arrival (they wait in the requester, not in the
 * consumer's queue), so a chunk of more than W pieces cannot deadlock. A requester thus holds at
 * most 2W messages: W pulled by a consumer that has not finished them, W in flight. A gap in `Vesta-Seq` (a reconnect or a slow-consumer disconnect dropped messages,
 * or two responders answered) fails the request instead of returning a silently short stream.
 *
 * A NATS no-responders status (503 on the inbox) fails the request at once.
 */

export const streamHeader = "Vesta-Stream"
export const errorHeader = "Vesta-Error"
export const seqHeader = "Vesta-Seq"
export const ackHeader = "Vesta-Ack"
export const creditHeader = "Vesta-Credit"

/** `Vesta-Stream` values. */
export const Mark = {
  part: "part",
  data: "data",
  end: "end",
  error: "error",
  ack: "ack",
  cancel: "cancel"
} as const
export type Mark = (typeof Mark)[keyof typeof Mark]

/** Reply messages in flight per request before the responder waits for an ack. */
export const defaultCreditMessages = 64

/** Room left in each message for headers when a chunk is cut into parts. */
export const headerRoomBytes = 4096

/** The part size for a server's max payload. */
export const partSizeBytes = (maxPayloadBytes: number): number =>
  Math.max(1024, maxPayloadBytes - headerRoomBytes)

const protocolHeaders = new Set(
  [streamHeader, errorHeader, seqHeader, ackHeader, creditHeader].map((h) => h.toLowerCase())
)

/** Headers of this protocol, removed before a request reaches a handler. */
export const isProtocolHeader = (name: string): boolean => protocolHeaders.has(name.toLowerCase())

const utf8 = new TextEncoder()

/** The bytes a message counts against NATS's max_payload: data plus the encoded header block. */
export const payloadSizeBytes = (data: Uint8Array, headers?: Readonly<Record<string, string>>): number => {
  if (headers === undefined) return data.length
  let n = "NATS/1.0\r\n\r\n".length
  for (const [k, v] of Object.entries(headers)) n += utf8.encode(k).length + utf8.encode(v).length + 4
  return data.length + n
}

/** NATS's default max_payload, which the in-process bus enforces too. */
export const defaultMaxPayloadBytes = 1024 * 1024
