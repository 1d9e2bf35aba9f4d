import ShoalHTTPClient
import Testing

@Suite struct HTTPClientTLSTests {
    @Test func selfSignedCertificateFailsVerificationUnlessInsecure() throws {
        let server = try TLSTestServer()
        defer { server.stop() }

        let verified = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "https://localhost:\(server.port)/"))
        }
        #expect(verified?.kind == .tls)
        #expect(verified?.description.hasPrefix("http request failed: tls handshake failed: certificate verify failed") == true)

        let byAddress = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "https://127.0.0.1:\(server.port)/"))
        }
        #expect(byAddress?.kind == .tls)

        let response = try HTTPClient.send(OutboundRequest(url: "https://localhost:\(server.port)/", insecure: true))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("s_server"))
    }
}
