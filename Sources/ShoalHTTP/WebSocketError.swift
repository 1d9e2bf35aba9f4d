/// Why the reader gave up on a WebSocket connection, with the close code to send, so every RFC 6455
/// violation maps to its code in one place.
///
/// Every error is final: the reader keeps throwing it. The caller sends `closeMessage`, then closes.
/// `reason` is a fixed text, never client bytes, and fits a Close frame.
package struct WebSocketError: Error, Sendable, Equatable {
    package var closeCode: WebSocketCloseCode
    package var reason: String

    package init(_ closeCode: WebSocketCloseCode, _ reason: String) {
        self.closeCode = closeCode
        self.reason = reason
    }

    /// The Close message that reports this error to the peer.
    package var closeMessage: WebSocketMessage { .close(code: closeCode.rawValue, reason: reason) }

    static func protocolError(_ reason: String) -> WebSocketError { WebSocketError(.protocolError, reason) }
}
