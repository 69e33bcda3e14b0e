/**
 * How a streamed reply travels as NATS messages (both bus implementations use it so they behave
 * alike): each chunk is a message with header `Vesta-Stream: data`, the end is an empty message
 * with `Vesta-Stream: end`, a failure is `Vesta-Stream: error` with `Vesta-Error: <message>`.
 */

export const streamHeader = "Vesta-Stream"
export const errorHeader = "Vesta-Error"
export type StreamMark = "data" | "end" | "error"
