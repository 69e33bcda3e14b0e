import { describe, expect, it } from "vitest"
import { parseWebConfig } from "./web-config.ts"

describe("parseWebConfig", () => {
  it("reads TLS (paths relative to the file), users and allowed headers with defaults", () => {
    const c = parseWebConfig(
      "tls_server_config:\n  cert_file: c.pem\n  key_file: /abs/k.pem\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\nbasic_auth_users:\n  alice: $2a$04$x\n",
      "/etc/vesta/web.yml"
    )
    expect(c).toEqual({
      tls: {
        certFile: "/etc/vesta/c.pem",
        keyFile: "/abs/k.pem",
        clientAuthType: "NoClientCert",
        clientCaFile: undefined,
        minVersion: "TLSv1.2",
        maxVersion: "TLSv1.3"
      },
      basicAuthUsers: { alice: "$2a$04$x" },
      headers: { "X-Frame-Options": "deny" }
    })
    expect(parseWebConfig("", "/w.yml")).toEqual({ tls: undefined, basicAuthUsers: {}, headers: {} })
  })

  it.each([
    ["tls_server_config:\n  cert_file: c\n", "tls_server_config.key_file: missing key_file"],
    [
      "tls_server_config:\n  cert_file: c\n  key_file: k\n  client_auth_type: Maybe\n",
      "invalid ClientAuth: Maybe"
    ],
    [
      "tls_server_config:\n  cert_file: c\n  key_file: k\n  client_auth_type: RequireAndVerifyClientCert\n",
      "client_ca_file is required"
    ],
    [
      "tls_server_config:\n  cert_file: c\n  key_file: k\n  min_version: TLS99\n",
      "unknown TLS version: TLS99"
    ],
    ["http_server_config:\n  headers:\n    Server: x\n", 'HTTP header "Server" can not be configured'],
    ["basic_auth_users:\n  a: b\nextra: 1\n", "field extra not found in type web.Config"]
  ])("rejects %j", (text, message) => {
    expect(() => parseWebConfig(text, "/w.yml")).toThrow(message)
  })
})
