/// One WebSocket frame as the server writes it, for callers that need to control fragmentation
/// rather than send whole messages.
///
/// The payload is unmasked; `WebSocketWriter.frame(_:)` encodes it. Control frames (`opcode.isControl`)
/// MUST have `fin` set and at most 125 payload bytes.
package struct WebSocketFrame: Sendable, Equatable {
    package var fin: Bool
    package var opcode: WebSocketOpcode
    package var payload: [UInt8]

    package init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }
}
