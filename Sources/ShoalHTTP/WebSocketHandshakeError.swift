/// Which part of a WebSocket upgrade request is wrong, so the node answers with the right status
/// instead of switching protocols.
///
/// `status` follows gorilla/websocket's upgrader, which Nakama uses: 405 for a method other than GET,
/// 400 for everything else. `response` is the complete answer; the connection closes after it.
package enum WebSocketHandshakeError: Error, Sendable, Equatable {
    /// The method is not GET.
    case methodNotGet
    /// The request is not HTTP/1.1.
    case notHTTP11
    /// No `Connection` field lists the `upgrade` token.
    case missingConnectionUpgrade
    /// No `Upgrade` field lists the `websocket` token.
    case missingUpgradeWebSocket
    /// `Sec-WebSocket-Version` does not list 13.
    case unsupportedVersion
    /// `Sec-WebSocket-Key` is missing, repeated, or not the base64 form of 16 bytes.
    case invalidKey

    package var status: Int {
        self == .methodNotGet ? 405 : 400
    }

    /// The error response: the status, its reason phrase as a plain-text body, and
    /// `Sec-WebSocket-Version: 13` so a client with another version learns which one to use
    /// (RFC 6455 §4.4).
    package var response: HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Sec-WebSocket-Version": "13", "Content-Type": "text/plain; charset=utf-8"],
            body: Array(HTTPResponse.reasonPhrase(status).utf8)
        )
    }
}
