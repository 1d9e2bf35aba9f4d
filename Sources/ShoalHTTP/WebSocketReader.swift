/// Turns the bytes of an upgraded connection, in whatever pieces they arrive, into whole WebSocket
/// messages, enforcing RFC 6455's framing rules and the message size limit before anything reaches a
/// session.
///
/// Contract:
/// - Feed bytes as they arrive, then call `next()` until it returns nil. Results are the same however
///   the input is split. Fragments are reassembled; control frames between fragments come out when
///   they complete, before the message they interrupt.
/// - Payload is unmasked and moved out of the input as it arrives, so once `next()` has returned nil
///   the reader holds at most `maxMessageBytes + 125` bytes (a partial message plus a partial control
///   frame or header).
/// - `maxMessageBytes` (Nakama's `socket.max_message_size_bytes`) bounds the whole reassembled
///   message. A frame that would exceed it fails on its header, before its payload is buffered.
/// - Any error is final: `next()` keeps throwing it and further bytes are dropped. The caller sends
///   `error.closeMessage` and closes.
/// - After a Close message the reader is finished: `next()` returns nil and further bytes are dropped.
///
/// Rules (close code on violation): frames must be masked, RSV bits clear (no extension is
/// negotiated) and opcodes known (1002); control frames are unfragmented with at most 125 bytes
/// (1002); a continuation needs a message in progress and a new text/binary frame needs none (1002);
/// a 64-bit length must have its top bit clear (1002); a Close payload is empty or a valid code plus a
/// UTF-8 reason (1002); a text message must be valid UTF-8 as a whole (1007); a message over the limit
/// (1009). Non-minimal length encodings are accepted, as gorilla/websocket does.
package struct WebSocketReader: Sendable {
    /// The frame whose header has been read and whose payload is still arriving.
    private struct Frame: Sendable {
        var fin: Bool
        var opcode: WebSocketOpcode
        /// The masking key, first key byte most significant.
        var mask: UInt32
        var remaining: Int
        /// Payload bytes already unmasked: the position in the key's 4-byte cycle.
        var offset: Int
    }

    private let maxMessageBytes: Int
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte in `buffer`.
    private var start = 0
    private var frame: Frame?
    /// Opcode (text or binary) of the data message being reassembled; nil between messages.
    private var messageOpcode: WebSocketOpcode?
    /// Unmasked payload of the data message so far.
    private var message: [UInt8] = []
    /// Unmasked payload of the control frame so far.
    private var control: [UInt8] = []
    private var failure: WebSocketError?
    private var closed = false

    package init(maxMessageBytes: Int = 4096) {
        precondition(maxMessageBytes >= 0, "maxMessageBytes must not be negative")
        self.maxMessageBytes = maxMessageBytes
    }

    /// Bytes held: unconsumed input plus the partial message and control frame.
    package var bufferedByteCount: Int { buffer.count - start + message.count + control.count }

    /// True while a frame or a fragmented message is incomplete.
    package var isMidMessage: Bool { frame != nil || messageOpcode != nil || buffer.count > start }

    package mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard prepareForFeed(), !bytes.isEmpty else { return }
        buffer.append(contentsOf: bytes)
    }

    package mutating func feed(_ bytes: [UInt8]) {
        guard prepareForFeed(), !bytes.isEmpty else { return }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message, or nil when more bytes are needed.
    package mutating func next() throws(WebSocketError) -> WebSocketMessage? {
        if let failure { throw failure }
        if closed { return nil }
        do {
            return try step()
        } catch {
            failure = error
            buffer = []
            start = 0
            frame = nil
            messageOpcode = nil
            message = []
            control = []
            throw error
        }
    }

    private var available: Int { buffer.count - start }

    private mutating func prepareForFeed() -> Bool {
        if failure != nil || closed { return false }
        buffer.dropConsumed(&start, minimum: 1, keepingCapacityUpTo: 8192)
        return true
    }

    private mutating func step() throws(WebSocketError) -> WebSocketMessage? {
        while true {
            var current: Frame
            if let frame {
                current = frame
            } else {
                guard let header = try readHeader() else { return nil }
                current = header
            }
            let n = min(current.remaining, available)
            if n > 0 {
                if current.opcode.isControl {
                    let from = control.count
                    control.append(contentsOf: buffer[start..<start + n])
                    Self.unmask(&control, from: from, mask: current.mask, offset: current.offset)
                } else {
                    let from = message.count
                    message.append(contentsOf: buffer[start..<start + n])
                    Self.unmask(&message, from: from, mask: current.mask, offset: current.offset)
                }
                start += n
                current.remaining -= n
                current.offset &+= n
            }
            if current.remaining > 0 {
                frame = current
                return nil
            }
            frame = nil
            if let completed = try finish(current) { return completed }
        }
    }

    /// Reads and checks the next frame header and consumes it; nil if more bytes are needed. Checks on
    /// the first two bytes run as soon as they are here, so the error never depends on the split.
    private mutating func readHeader() throws(WebSocketError) -> Frame? {
        guard available >= 2 else { return nil }
        let b0 = buffer[start]
        let b1 = buffer[start + 1]
        if b0 & 0x70 != 0 { throw .protocolError("reserved bits set") }
        guard let opcode = WebSocketOpcode(rawValue: b0 & 0x0F) else { throw .protocolError("unknown opcode") }
        let fin = b0 & 0x80 != 0
        if b1 & 0x80 == 0 { throw .protocolError("unmasked client frame") }
        let shortLength = b1 & 0x7F
        if opcode.isControl {
            if !fin { throw .protocolError("fragmented control frame") }
            if shortLength > 125 { throw .protocolError("control frame over 125 bytes") }
        } else if opcode == .continuation {
            if messageOpcode == nil { throw .protocolError("continuation without a message in progress") }
        } else if messageOpcode != nil {
            throw .protocolError("new message inside a fragmented message")
        }

        let lengthBytes = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0
        guard available >= 2 + lengthBytes else { return nil }
        var length = UInt64(shortLength)
        if lengthBytes > 0 {
            length = 0
            for i in 0..<lengthBytes { length = length << 8 | UInt64(buffer[start + 2 + i]) }
            if length >> 63 != 0 { throw .protocolError("64-bit length with the top bit set") }
        }
        if !opcode.isControl, UInt64(message.count) + length > UInt64(maxMessageBytes) {
            throw WebSocketError(.tooBig, "message too big")
        }

        let headerLength = 2 + lengthBytes + 4
        guard available >= headerLength else { return nil }
        let m = start + 2 + lengthBytes
        let mask = UInt32(buffer[m]) << 24 | UInt32(buffer[m + 1]) << 16 | UInt32(buffer[m + 2]) << 8 | UInt32(buffer[m + 3])
        start += headerLength
        let remaining = Int(length)
        if opcode == .text || opcode == .binary {
            messageOpcode = opcode
            if remaining > 0 { message.reserveCapacity(remaining) }
        }
        return Frame(fin: fin, opcode: opcode, mask: mask, remaining: remaining, offset: 0)
    }

    /// Handles a frame whose payload is complete: the message it ends, or nil for a non-final fragment.
    private mutating func finish(_ frame: Frame) throws(WebSocketError) -> WebSocketMessage? {
        switch frame.opcode {
        case .ping:
            defer { control = [] }
            return .ping(control)
        case .pong:
            defer { control = [] }
            return .pong(control)
        case .close:
            defer { control = [] }
            let close = try Self.closeMessage(control)
            closed = true
            buffer = []
            start = 0
            message = []
            messageOpcode = nil
            return close
        case .continuation, .text, .binary:
            guard frame.fin, let opcode = messageOpcode else { return nil }
            let payload = message
            message = []
            messageOpcode = nil
            if opcode == .binary { return .binary(payload) }
            guard let text = String(validating: payload, as: UTF8.self) else {
                throw WebSocketError(.invalidData, "invalid UTF-8 in text message")
            }
            return .text(text)
        }
    }

    private static func closeMessage(_ payload: [UInt8]) throws(WebSocketError) -> WebSocketMessage {
        if payload.isEmpty { return .close(code: nil, reason: "") }
        if payload.count == 1 { throw .protocolError("close payload of one byte") }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        if !WebSocketCloseCode.isValidOnWire(code) { throw .protocolError("invalid close code") }
        guard let reason = String(validating: payload[2...], as: UTF8.self) else {
            throw .protocolError("invalid UTF-8 in close reason")
        }
        return .close(code: code, reason: reason)
    }

    /// XORs `bytes[from...]` with the masking key, starting `offset` bytes into the key's cycle, eight
    /// bytes at a time.
    private static func unmask(_ bytes: inout [UInt8], from: Int, mask: UInt32, offset: Int) {
        let key = mask.rotated(byteOffset: offset)
        bytes.withUnsafeMutableBytes { raw in
            let p = raw.baseAddress! + from
            let n = raw.count - from
            let word = (UInt64(key) << 32 | UInt64(key)).bigEndian
            var i = 0
            while i + 8 <= n {
                p.storeBytes(of: p.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ word, toByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < n {
                p.storeBytes(of: p.load(fromByteOffset: i, as: UInt8.self) ^ UInt8(truncatingIfNeeded: key >> (24 - 8 * (i & 3))),
                             toByteOffset: i, as: UInt8.self)
                i += 1
            }
        }
    }
}

private extension UInt32 {
    /// The key cycle starting `byteOffset` bytes in: byte k of the result is byte (offset + k) % 4.
    func rotated(byteOffset: Int) -> UInt32 {
        let bits = UInt32((byteOffset & 3) * 8)
        return bits == 0 ? self : self << bits | self >> (32 - bits)
    }
}
