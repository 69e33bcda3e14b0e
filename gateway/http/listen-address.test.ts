import { expect, it } from "vitest"
import { parseListenAddress } from "./listen-address.ts"

it.each([
  ["0.0.0.0:9090", { host: "0.0.0.0", port: 9090 }],
  [":9090", { host: undefined, port: 9090 }],
  ["[::1]:0", { host: "::1", port: 0 }],
  ["localhost:80", { host: "localhost", port: 80 }],
  ["9090", '"9090" is not host:port'],
  ["a:b", '"a:b" is not host:port'],
  ["h:70000", 'port 70000 in "h:70000" is out of range']
])("parseListenAddress(%j)", (s, want) => expect(parseListenAddress(s)).toEqual(want))
