/// The frame opcodes of RFC 6455 §5.2 that this server understands, so the reader and writer agree on
/// one table and every other value is a protocol error.
///
/// Opcodes 3–7 and 11–15 are reserved and have no case: a frame carrying one is rejected with 1002.
package enum WebSocketOpcode: UInt8, Sendable {
    case continuation = 0
    case text = 1
    case binary = 2
    case close = 8
    case ping = 9
    case pong = 10

    /// Close, ping and pong: at most 125 payload bytes, never fragmented, allowed between fragments.
    package var isControl: Bool { rawValue & 0x08 != 0 }
}
