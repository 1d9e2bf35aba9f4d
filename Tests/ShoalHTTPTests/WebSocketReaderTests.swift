import ShoalHTTP
import Testing

@Suite struct WebSocketReaderTests {
    typealias Client = WebSocketTestClient
    typealias Outcome = WebSocketReadOutcome

    @Test func rfcMaskedHello() {
        let outcome = Outcome.readEverySplit([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(outcome == Outcome(messages: [.text("Hello")]))
    }

    @Test func rfcFragmentedHello() {
        // RFC 6455 §5.7: 0x01 0x03 "Hel", 0x80 0x02 "lo", here masked as a client must.
        let bytes = Client.masked([0x01, 0x03, 0x48, 0x65, 0x6C]) + Client.masked([0x80, 0x02, 0x6C, 0x6F], key: [1, 2, 3, 4])
        #expect(Outcome.readEverySplit(bytes) == Outcome(messages: [.text("Hello")]))
    }

    @Test func rfcPingAndMaskedPong() {
        let ping = Client.masked([0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        let pong: [UInt8] = [0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        let outcome = Outcome.readEverySplit(ping + pong)
        #expect(outcome == Outcome(messages: [.ping(Array("Hello".utf8)), .pong(Array("Hello".utf8))]))
    }

    @Test func rfcSixteenBitLength() {
        let payload = (0..<256).map { UInt8($0) }
        let bytes = Client.masked([0x82, 0x7E, 0x01, 0x00] + payload)
        #expect(Outcome.readEverySplit(bytes) == Outcome(messages: [.binary(payload)]))
    }

    @Test func rfcSixtyFourBitLength() {
        let payload = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let bytes = Client.masked([0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] + payload)
        let outcome = Outcome.readEverySplit(bytes, maxMessageBytes: 65_536, stride: 4099)
        #expect(outcome == Outcome(messages: [.binary(payload)]))
    }

    @Test func nonMinimalLengthFormsAreAccepted() {
        let bytes = Client.frame(opcode: 1, payload: Array("hi".utf8), lengthForm: 126)
            + Client.frame(opcode: 2, payload: [1, 2, 3], lengthForm: 127)
        #expect(Outcome.readEverySplit(bytes) == Outcome(messages: [.text("hi"), .binary([1, 2, 3])]))
    }

    @Test func controlFramesInterleaveWithFragments() {
        let bytes = Client.frame(fin: false, .text, "frag")
            + Client.frame(.ping, "p1")
            + Client.frame(fin: false, .continuation, "ment")
            + Client.frame(.pong, "")
            + Client.frame(.continuation, "ed", key: [9, 8, 7, 6])
            + Client.frame(.binary, "after")
        let outcome = Outcome.readEverySplit(bytes)
        #expect(outcome == Outcome(messages: [
            .ping(Array("p1".utf8)), .pong([]), .text("fragmented"), .binary(Array("after".utf8)),
        ]))
    }

    @Test func utf8SplitAcrossFragmentsIsValid() {
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        let bytes = Client.frame(fin: false, opcode: 1, payload: [0x41, euro[0]])
            + Client.frame(fin: false, opcode: 0, payload: [euro[1]])
            + Client.frame(opcode: 0, payload: [euro[2], 0xF0, 0x9F, 0x8E, 0xAE])
        #expect(Outcome.readEverySplit(bytes) == Outcome(messages: [.text("A€🎮")]))
    }

    @Test func emptyMessagesAndEmptyFragments() {
        let bytes = Client.frame(.text, "") + Client.frame(.binary, "")
            + Client.frame(fin: false, .binary, "") + Client.frame(fin: false, .continuation, "")
            + Client.frame(.continuation, "x")
        let outcome = Outcome.readEverySplit(bytes)
        #expect(outcome == Outcome(messages: [.text(""), .binary([]), .binary([0x78])]))
    }

    @Test func unmasksEveryLengthAndKeyPhase() {
        // Fragment lengths that are not multiples of 4 or 8 move the key phase and the word loop.
        var bytes: [UInt8] = []
        var expected: [WebSocketMessage] = []
        for length in 0...40 {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + length) }
            let cut = length / 3
            bytes += Client.frame(fin: false, opcode: 2, payload: Array(payload[..<cut]), key: [0xA1, 0xB2, 0xC3, UInt8(length)])
            bytes += Client.frame(opcode: 0, payload: Array(payload[cut...]), key: [UInt8(length), 0x5A, 0xFF, 0x01])
            expected.append(.binary(payload))
        }
        let outcome = Outcome.readEverySplit(bytes, stride: 7)
        #expect(outcome == Outcome(messages: expected))
    }

    @Test func closeWithAndWithoutCode() {
        #expect(Outcome.readEverySplit(Client.frame(opcode: 8, payload: [])) == Outcome(messages: [.close(code: nil, reason: "")]))
        let close = Client.frame(opcode: 8, payload: [0x03, 0xE8] + Array("bye ✓".utf8))
        #expect(Outcome.readEverySplit(close) == Outcome(messages: [.close(code: 1000, reason: "bye ✓")]))
        for code: UInt16 in [1001, 1003, 1007, 1011, 1012, 1014, 3000, 4999] {
            let frame = Client.frame(opcode: 8, payload: [UInt8(code >> 8), UInt8(code & 0xFF)])
            #expect(Outcome.read([frame[...]]) == Outcome(messages: [.close(code: code, reason: "")]))
        }
    }

    @Test func readerStopsAfterClose() throws {
        var reader = WebSocketReader()
        reader.feed(Client.frame(.text, "a") + Client.frame(opcode: 8, payload: []) + Client.frame(.text, "ignored"))
        #expect(try reader.next() == .text("a"))
        #expect(try reader.next() == .close(code: nil, reason: ""))
        #expect(try reader.next() == nil)
        reader.feed([0x00, 0x00])
        #expect(try reader.next() == nil)
        #expect(reader.bufferedByteCount == 0)
    }

    @Test func messageAtTheLimitIsAccepted() {
        let payload = [UInt8](repeating: 0x61, count: 100)
        let bytes = Client.frame(fin: false, opcode: 1, payload: Array(payload[..<60]))
            + Client.frame(opcode: 0, payload: Array(payload[60...]))
        let outcome = Outcome.readEverySplit(bytes, maxMessageBytes: 100)
        #expect(outcome == Outcome(messages: [.text(String(repeating: "a", count: 100))]))
    }

    @Test func heldBytesStayWithinTheMessageLimit() throws {
        var reader = WebSocketReader(maxMessageBytes: 4096)
        let bytes = Client.frame(opcode: 2, payload: [UInt8](repeating: 7, count: 4096))
        var received: [WebSocketMessage] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + 500, bytes.count)
            reader.feed(Array(bytes[offset..<end]))
            while let message = try reader.next() { received.append(message) }
            #expect(reader.bufferedByteCount <= 4096 + 14)
            #expect(reader.isMidMessage == (end < bytes.count))
            offset = end
        }
        #expect(received == [.binary([UInt8](repeating: 7, count: 4096))])
        #expect(reader.bufferedByteCount == 0)
    }

    @Test func manyMessagesInOneFeedComeOutInOrder() throws {
        var bytes: [UInt8] = []
        for i in 0..<50 { bytes += Client.frame(.text, "message \(i)") }
        var reader = WebSocketReader()
        bytes.withUnsafeBytes { reader.feed($0) }
        var texts: [WebSocketMessage] = []
        while let message = try reader.next() { texts.append(message) }
        #expect(texts == (0..<50).map { .text("message \($0)") })
    }
}
