import ShoalHTTP
import Testing

/// The client side of WebSocket framing for the reader tests: builds masked frames (or deliberately
/// broken ones) the way a browser would, and feeds them to a reader in every split.
enum WebSocketTestClient {
    static let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]

    /// A client frame with explicit header bits. `lengthForm` forces the 16-bit (126) or 64-bit (127)
    /// length encoding; nil picks the shortest.
    static func frame(
        fin: Bool = true, rsv: UInt8 = 0, opcode: UInt8, payload: [UInt8], masked: Bool = true,
        key: [UInt8] = key, lengthForm: UInt8? = nil
    ) -> [UInt8] {
        var out: [UInt8] = [(fin ? 0x80 : 0) | rsv << 4 | opcode]
        let n = payload.count
        let form = lengthForm ?? (n <= 125 ? UInt8(n) : n <= 0xFFFF ? 126 : 127)
        let maskBit: UInt8 = masked ? 0x80 : 0
        switch form {
        case 126:
            out += [maskBit | 126, UInt8(n >> 8), UInt8(n & 0xFF)]
        case 127:
            out.append(maskBit | 127)
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: UInt64(n) >> (56 - 8 * i))) }
        default:
            out.append(maskBit | form)
        }
        guard masked else { return out + payload }
        out += key
        for (i, b) in payload.enumerated() { out.append(b ^ key[i % 4]) }
        return out
    }

    static func frame(fin: Bool = true, _ opcode: WebSocketOpcode, _ text: String, key: [UInt8] = key) -> [UInt8] {
        frame(fin: fin, opcode: opcode.rawValue, payload: Array(text.utf8), key: key)
    }

    /// A header announcing `length` payload bytes, with no payload: enough to test header-time checks.
    static func header(opcode: UInt8, length: UInt64, fin: Bool = true) -> [UInt8] {
        var out: [UInt8] = [(fin ? 0x80 : 0) | opcode, 0x80 | 127]
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: length >> (56 - 8 * i))) }
        return out + key
    }

    /// Masks a server frame (as `WebSocketWriter` writes it) with `key`, giving what a client would send.
    static func masked(_ serverFrame: [UInt8], key: [UInt8] = key) -> [UInt8] {
        let short = serverFrame[1] & 0x7F
        let headerLength = short == 126 ? 4 : short == 127 ? 10 : 2
        var out = Array(serverFrame[..<headerLength])
        out[1] |= 0x80
        out += key
        for (i, b) in serverFrame[headerLength...].enumerated() { out.append(b ^ key[i % 4]) }
        return out
    }
}

/// What a reader produced from one input: the messages and the error that ended it, if any.
struct WebSocketReadOutcome: Equatable {
    var messages: [WebSocketMessage] = []
    var error: WebSocketError?

    static func read(_ chunks: [ArraySlice<UInt8>], maxMessageBytes: Int = 4096) -> WebSocketReadOutcome {
        var reader = WebSocketReader(maxMessageBytes: maxMessageBytes)
        var outcome = WebSocketReadOutcome()
        for chunk in chunks {
            chunk.withUnsafeBytes { reader.feed($0) }
            do {
                while let message = try reader.next() { outcome.messages.append(message) }
            } catch {
                outcome.error = error
                return outcome
            }
        }
        return outcome
    }

    /// Reads `bytes` whole, split in two at every `stride`-th boundary and byte by byte; records an
    /// issue if any differs from the whole read, which it returns.
    static func readEverySplit(
        _ bytes: [UInt8], maxMessageBytes: Int = 4096, stride step: Int = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> WebSocketReadOutcome {
        let whole = read([bytes[...]], maxMessageBytes: maxMessageBytes)
        for cut in stride(from: 0, through: bytes.count, by: step) {
            let split = read([bytes[..<cut], bytes[cut...]], maxMessageBytes: maxMessageBytes)
            if split != whole {
                Issue.record("split at \(cut) gave \(split), whole gave \(whole)", sourceLocation: sourceLocation)
                return whole
            }
        }
        let byteByByte = read(bytes.map { [$0][...] }, maxMessageBytes: maxMessageBytes)
        #expect(byteByByte == whole, "byte-by-byte feed differs", sourceLocation: sourceLocation)
        return whole
    }
}
