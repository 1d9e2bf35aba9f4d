import ShoalHTTP
import Testing

@Suite struct WebSocketWriterTests {
    typealias Client = WebSocketTestClient

    /// Masks the writer's frame as a client would and reads it back.
    private func roundTrip(_ message: WebSocketMessage, maxMessageBytes: Int = 1 << 20) throws -> WebSocketMessage? {
        var reader = WebSocketReader(maxMessageBytes: maxMessageBytes)
        reader.feed(Client.masked(WebSocketWriter.frame(message), key: [0x10, 0x20, 0x30, 0x40]))
        return try reader.next()
    }

    @Test func rfcExamplesAreWrittenUnmasked() {
        #expect(WebSocketWriter.frame(.text("Hello")) == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(WebSocketWriter.frame(.ping(Array("Hello".utf8))) == [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(WebSocketWriter.frame(.pong([])) == [0x8A, 0x00])
        let small = WebSocketWriter.frame(.binary([UInt8](repeating: 9, count: 256)))
        #expect(Array(small.prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        #expect(small.count == 260)
        let large = WebSocketWriter.frame(.binary([UInt8](repeating: 9, count: 65_536)))
        #expect(Array(large.prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(large.count == 65_546)
    }

    @Test func lengthFormBoundaries() {
        for (length, header) in [(0, 2), (125, 2), (126, 4), (65_535, 4), (65_536, 10)] {
            let bytes = WebSocketWriter.frame(.binary([UInt8](repeating: 1, count: length)))
            #expect(bytes.count == length + header, "length \(length)")
        }
    }

    @Test func messagesRoundTripThroughTheReader() throws {
        let messages: [WebSocketMessage] = [
            .text(""), .text("Hello"), .text(String(repeating: "ü€🎮", count: 3000)),
            .binary([]), .binary((0..<70_000).map { UInt8(truncatingIfNeeded: $0) }),
            .ping([]), .ping([UInt8](repeating: 0xAB, count: 125)), .pong([1, 2, 3]),
            .close(code: nil, reason: ""), .close(code: 1000, reason: "match over"),
        ]
        for message in messages {
            #expect(try roundTrip(message) == message)
        }
    }

    @Test func closeReasonIsCutAtACharacterBoundary() throws {
        let reason = String(repeating: "a", count: 122) + "€tail"
        let bytes = WebSocketWriter.frame(.close(code: 1001, reason: reason))
        #expect(bytes.count == 2 + 2 + 122)
        #expect(try roundTrip(.close(code: 1001, reason: reason)) == .close(code: 1001, reason: String(repeating: "a", count: 122)))
        let exact = String(repeating: "b", count: 120) + "€"
        #expect(try roundTrip(.close(code: 1000, reason: exact)) == .close(code: 1000, reason: exact))
    }

    @Test func closeWithoutCodeHasAnEmptyPayload() {
        #expect(WebSocketWriter.frame(.close(code: nil, reason: "")) == [0x88, 0x00])
        #expect(WebSocketWriter.frame(.close(code: 1009, reason: "")) == [0x88, 0x02, 0x03, 0xF1])
    }

    @Test func explicitFragmentsReassemble() throws {
        let frames = [
            WebSocketFrame(fin: false, opcode: .text, payload: Array("frag".utf8)),
            WebSocketFrame(opcode: .ping, payload: [7]),
            WebSocketFrame(fin: true, opcode: .continuation, payload: Array("ment".utf8)),
        ]
        #expect(WebSocketWriter.frame(frames[0]) == [0x01, 0x04] + Array("frag".utf8))
        var reader = WebSocketReader()
        for frame in frames { reader.feed(Client.masked(WebSocketWriter.frame(frame))) }
        #expect(try reader.next() == .ping([7]))
        #expect(try reader.next() == .text("fragment"))
        #expect(try reader.next() == nil)
    }

    @Test func errorCloseMessageIsAValidCloseFrame() throws {
        let error = WebSocketError(.tooBig, "message too big")
        #expect(try roundTrip(error.closeMessage) == .close(code: 1009, reason: "message too big"))
    }
}
