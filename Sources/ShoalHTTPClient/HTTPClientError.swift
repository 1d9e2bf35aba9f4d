/// Why an outbound request produced no response, so the Lua binding can raise one readable error.
///
/// `description` is the message to show: "http request failed: " followed by the reason, e.g.
/// "timeout after 5000 ms", "invalid url", "connection refused", "tls handshake failed: …".
/// `kind` groups the reasons for callers that branch on them.
package struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The request itself is unusable (URL, method, header); nothing was sent.
        case invalidRequest
        /// Name resolution or connecting failed.
        case connect
        /// The overall deadline passed.
        case timeout
        /// The TLS handshake or a TLS record failed, including certificate verification.
        case tls
        /// The connection broke or the peer sent something that is not a valid response.
        case transport
        /// The response exceeded the client's limits (16 MiB body, 64 KiB head).
        case tooLarge
    }

    package let kind: Kind
    package let description: String

    init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        description = "http request failed: " + reason
    }

    static func timeout(milliseconds: Int) -> HTTPClientError {
        HTTPClientError(.timeout, "timeout after \(milliseconds) ms")
    }
}
