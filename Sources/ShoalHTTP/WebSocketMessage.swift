/// A complete WebSocket message, so the session layer handles whole texts, payloads and control
/// messages and never sees frames or fragments.
///
/// `text` is valid UTF-8 by construction. `ping`, `pong` and the close reason's UTF-8 are at most 125
/// bytes on the wire. `close(code: nil, reason: "")` is a Close frame with an empty payload; a reason
/// always comes with a code.
package enum WebSocketMessage: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(code: UInt16?, reason: String)
}
