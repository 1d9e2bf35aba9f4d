/// The framing of messages on a peer link: a 4-byte big-endian payload length, then the payload.
package enum LinkFrame {
    package static let headerLength = 4

    /// Appends `payload` as one frame to `buffer` (a link's outbox), without an intermediate copy.
    package static func append(_ payload: [UInt8], to buffer: inout [UInt8]) {
        precondition(payload.count <= Int(UInt32.max), "a link frame must be smaller than 4 GiB")
        let length = UInt32(payload.count)
        buffer.append(UInt8(truncatingIfNeeded: length >> 24))
        buffer.append(UInt8(truncatingIfNeeded: length >> 16))
        buffer.append(UInt8(truncatingIfNeeded: length >> 8))
        buffer.append(UInt8(truncatingIfNeeded: length))
        buffer.append(contentsOf: payload)
    }
}

/// Splits a link's byte stream back into payloads. A pure value: bytes go in with `append`, complete
/// frames come out of `nextFrame()`. The length is checked against `maxFrameBytes` as soon as the header
/// is in, so a peer cannot make this side buffer more than one frame's worth before the link is closed.
package struct LinkFrameDecoder: Sendable {
    /// A header announced a payload longer than `maxFrameBytes`; the stream cannot be trusted past it.
    package struct FrameTooLarge: Error, Equatable, Sendable {
        package let length: Int
    }

    /// The longest payload accepted. It may change between frames (a link accepts only small frames
    /// until its handshake is done).
    package var maxFrameBytes: Int
    private var buffer: [UInt8] = []
    /// Index of the first byte in `buffer` not yet returned in a frame.
    private var start = 0
    /// An emptied buffer keeps its capacity up to this, so one large frame does not pin its memory.
    private static let retainedCapacity = 64 * 1024

    package init(maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// Bytes received but not yet returned in a frame.
    package var bufferedBytes: Int { buffer.count - start }

    package mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete payload, or nil until more bytes arrive. Throws when the next header announces
    /// more than `maxFrameBytes`; the decoder MUST NOT be used after that.
    package mutating func nextFrame() throws(FrameTooLarge) -> [UInt8]? {
        let available = buffer.count - start
        guard available >= LinkFrame.headerLength else {
            dropConsumed()
            return nil
        }
        let length = Int(buffer[start]) << 24 | Int(buffer[start + 1]) << 16 | Int(buffer[start + 2]) << 8
            | Int(buffer[start + 3])
        guard length <= maxFrameBytes else { throw FrameTooLarge(length: length) }
        guard available >= LinkFrame.headerLength + length else {
            dropConsumed()
            return nil
        }
        let payloadStart = start + LinkFrame.headerLength
        start = payloadStart + length
        return Array(buffer[payloadStart..<start])
    }

    /// Releases the bytes already returned, once nothing more can be read without new input: at most
    /// one partial frame is moved down.
    private mutating func dropConsumed() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= LinkFrameDecoder.retainedCapacity)
        } else if start > 0 {
            buffer.removeSubrange(0..<start)
        }
        start = 0
    }
}
