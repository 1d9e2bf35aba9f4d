/// The status codes of a Close frame (RFC 6455 §7.4), so a close names its reason by type instead of a
/// bare number.
///
/// `rawValue` is what goes on the wire. The constants are the codes the server sends itself;
/// `isValidOnWire` says which codes a peer may send.
package struct WebSocketCloseCode: RawRepresentable, Sendable, Hashable {
    package var rawValue: UInt16

    package init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The purpose of the connection is fulfilled (Nakama's server-initiated close).
    package static let normal = WebSocketCloseCode(rawValue: 1000)
    /// The server is shutting down or the client navigated away.
    package static let goingAway = WebSocketCloseCode(rawValue: 1001)
    /// A framing rule of RFC 6455 was broken.
    package static let protocolError = WebSocketCloseCode(rawValue: 1002)
    /// A data type the endpoint does not accept (e.g. binary frames on a JSON session).
    package static let unsupported = WebSocketCloseCode(rawValue: 1003)
    /// A text message or close reason was not valid UTF-8.
    package static let invalidData = WebSocketCloseCode(rawValue: 1007)
    /// A message broke the server's policy.
    package static let policy = WebSocketCloseCode(rawValue: 1008)
    /// A message exceeded `socket.max_message_size_bytes`.
    package static let tooBig = WebSocketCloseCode(rawValue: 1009)
    /// The server failed while handling the connection.
    package static let `internal` = WebSocketCloseCode(rawValue: 1011)

    /// Whether `code` may appear in a received Close frame: 1000–1003, 1007–1014 and the
    /// application/private range 3000–4999, as gorilla/websocket (Nakama's library) accepts. 1004–1006
    /// and 1015 are reserved or never sent; everything else is unassigned.
    package static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }
}
