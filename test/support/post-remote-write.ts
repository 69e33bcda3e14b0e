/** Sending remote-write 1.0 bodies to a Vesta or a peer in benches and tests. */

/** POSTs a snappy remote-write 1.0 body; throws unless the answer is 2xx. */
export const postRemoteWrite = async (baseUrl: string, body: Uint8Array): Promise<void> => {
  const r = await fetch(`${baseUrl}/api/v1/write`, {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0"
    },
    body
  })
  if (r.status !== 204 && r.status !== 200) throw new Error(`${baseUrl}: ${r.status} ${await r.text()}`)
  await r.arrayBuffer()
}
