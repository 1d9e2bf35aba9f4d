/// Encodes server-to-client WebSocket frames, so sessions hand over messages and get wire bytes with
/// the right header form.
///
/// Server frames are never masked (RFC 6455 §5.1). Lengths use the shortest form (7-bit, 16-bit or
/// 64-bit). Control payloads MUST be at most 125 bytes (the reader guarantees this for echoed pings);
/// a close reason is cut at a character boundary to fit. Close codes are written as given.
package enum WebSocketWriter {
    /// One unfragmented frame carrying `message`.
    package static func frame(_ message: WebSocketMessage) -> [UInt8] {
        switch message {
        case .text(var text):
            return text.withUTF8 { encode(fin: true, opcode: .text, payload: UnsafeRawBufferPointer($0)) }
        case .binary(let bytes):
            return bytes.withUnsafeBytes { encode(fin: true, opcode: .binary, payload: $0) }
        case .ping(let bytes):
            precondition(bytes.count <= 125, "ping payload over 125 bytes")
            return bytes.withUnsafeBytes { encode(fin: true, opcode: .ping, payload: $0) }
        case .pong(let bytes):
            precondition(bytes.count <= 125, "pong payload over 125 bytes")
            return bytes.withUnsafeBytes { encode(fin: true, opcode: .pong, payload: $0) }
        case .close(let code, let reason):
            guard let code else { return encode(fin: true, opcode: .close, payload: UnsafeRawBufferPointer(start: nil, count: 0)) }
            var payload: [UInt8] = [UInt8(code >> 8), UInt8(truncatingIfNeeded: code)]
            payload.reserveCapacity(125)
            for scalar in reason.unicodeScalars {
                let width = UTF8.width(scalar)
                if payload.count + width > 125 { break }
                payload.append(contentsOf: UTF8.encode(scalar)!)
            }
            return payload.withUnsafeBytes { encode(fin: true, opcode: .close, payload: $0) }
        }
    }

    /// `frame` as given, for a caller that fragments a message itself.
    package static func frame(_ frame: WebSocketFrame) -> [UInt8] {
        if frame.opcode.isControl {
            precondition(frame.fin && frame.payload.count <= 125, "control frames are final and at most 125 bytes")
        }
        return frame.payload.withUnsafeBytes { encode(fin: frame.fin, opcode: frame.opcode, payload: $0) }
    }

    private static func encode(fin: Bool, opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) -> [UInt8] {
        let n = payload.count
        let headerLength = n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10
        return [UInt8](unsafeUninitializedCapacity: headerLength + n) { out, count in
            out[0] = (fin ? 0x80 : 0) | opcode.rawValue
            switch headerLength {
            case 2:
                out[1] = UInt8(n)
            case 4:
                out[1] = 126
                out[2] = UInt8(n >> 8)
                out[3] = UInt8(truncatingIfNeeded: n)
            default:
                out[1] = 127
                for i in 0..<8 { out[2 + i] = UInt8(truncatingIfNeeded: UInt64(n) >> (56 - 8 * i)) }
            }
            if n > 0 {
                UnsafeMutableRawBufferPointer(start: out.baseAddress! + headerLength, count: n).copyMemory(from: payload)
            }
            count = headerLength + n
        }
    }
}
