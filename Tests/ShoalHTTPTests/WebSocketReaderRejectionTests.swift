import ShoalHTTP
import Testing

@Suite struct WebSocketReaderRejectionTests {
    typealias Client = WebSocketTestClient
    typealias Outcome = WebSocketReadOutcome

    /// Reads `bytes` in every split, expects it to end in an error, and returns its close code.
    private func closeCode(
        _ bytes: [UInt8], maxMessageBytes: Int = 4096, sourceLocation: SourceLocation = #_sourceLocation
    ) -> UInt16? {
        let outcome = Outcome.readEverySplit(bytes, maxMessageBytes: maxMessageBytes, sourceLocation: sourceLocation)
        #expect(outcome.error != nil, "expected an error", sourceLocation: sourceLocation)
        return outcome.error?.closeCode.rawValue
    }

    @Test func unmaskedFrameIs1002() {
        // RFC 6455 §5.7's unmasked "Hello" is a server frame; from a client it is a protocol error.
        #expect(closeCode([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]) == 1002)
        #expect(closeCode(Client.frame(opcode: 9, payload: [], masked: false)) == 1002)
    }

    @Test func reservedBitsAre1002() {
        for rsv: UInt8 in [1, 2, 4, 7] {
            #expect(closeCode(Client.frame(rsv: rsv, opcode: 1, payload: Array("x".utf8))) == 1002)
        }
    }

    @Test func unknownOpcodesAre1002() {
        for opcode: UInt8 in [3, 4, 5, 6, 7, 11, 12, 13, 14, 15] {
            #expect(closeCode(Client.frame(opcode: opcode, payload: [])) == 1002)
        }
    }

    @Test func oversizedOrFragmentedControlFramesAre1002() {
        #expect(closeCode(Client.frame(opcode: 9, payload: [UInt8](repeating: 1, count: 126))) == 1002)
        #expect(closeCode(Client.frame(opcode: 10, payload: [1], lengthForm: 126)) == 1002)
        #expect(closeCode(Client.frame(fin: false, opcode: 9, payload: [])) == 1002)
        #expect(closeCode(Client.frame(fin: false, opcode: 8, payload: [])) == 1002)
        #expect(Outcome.read([Client.frame(opcode: 9, payload: [UInt8](repeating: 1, count: 125))[...]]).error == nil)
    }

    @Test func continuationWithoutMessageIs1002() {
        #expect(closeCode(Client.frame(opcode: 0, payload: Array("x".utf8))) == 1002)
        #expect(closeCode(Client.frame(.text, "done") + Client.frame(.continuation, "more")) == 1002)
    }

    @Test func newDataFrameInsideFragmentedMessageIs1002() {
        #expect(closeCode(Client.frame(fin: false, .text, "a") + Client.frame(.text, "b")) == 1002)
        #expect(closeCode(Client.frame(fin: false, .binary, "a") + Client.frame(fin: false, .binary, "b")) == 1002)
    }

    @Test func invalidUTF8TextIs1007() {
        #expect(closeCode(Client.frame(opcode: 1, payload: [0x41, 0xFF])) == 1007)
        #expect(closeCode(Client.frame(opcode: 1, payload: [0xED, 0xA0, 0x80])) == 1007)  // surrogate
        #expect(closeCode(Client.frame(opcode: 1, payload: [0xC0, 0xAF])) == 1007)  // overlong
        // A sequence cut off at the end of the message, even though each fragment looked plausible.
        let cut = Client.frame(fin: false, opcode: 1, payload: [0x41]) + Client.frame(opcode: 0, payload: [0xE2, 0x82])
        #expect(closeCode(cut) == 1007)
        // Binary payloads are not checked.
        #expect(Outcome.read([Client.frame(opcode: 2, payload: [0xFF])[...]]) == Outcome(messages: [.binary([0xFF])]))
    }

    @Test func messageOverTheLimitIs1009() {
        #expect(closeCode(Client.frame(opcode: 2, payload: [UInt8](repeating: 0, count: 101)), maxMessageBytes: 100) == 1009)
        let fragments = Client.frame(fin: false, opcode: 1, payload: [UInt8](repeating: 0x61, count: 60))
            + Client.frame(fin: false, opcode: 0, payload: [UInt8](repeating: 0x61, count: 40))
            + Client.frame(opcode: 0, payload: [0x61])
        #expect(closeCode(fragments, maxMessageBytes: 100) == 1009)
    }

    @Test func limitFailsOnTheHeaderBeforeThePayload() {
        var reader = WebSocketReader(maxMessageBytes: 4096)
        reader.feed(Client.header(opcode: 2, length: 1 << 62))
        #expect(throws: WebSocketError(.tooBig, "message too big")) { try reader.next() }
        #expect(reader.bufferedByteCount == 0)
    }

    @Test func fragmentLengthsCannotOverflowPastTheLimit() {
        // gorilla/websocket#537: lengths summed across fragments must not wrap around the limit.
        let bytes = Client.frame(fin: false, opcode: 2, payload: [1, 2, 3]) + Client.header(opcode: 0, length: UInt64(Int64.max))
        #expect(closeCode(bytes) == 1009)
    }

    @Test func sixtyFourBitLengthWithTopBitIs1002() {
        #expect(closeCode(Client.header(opcode: 2, length: 1 << 63)) == 1002)
        #expect(closeCode(Client.header(opcode: 2, length: .max)) == 1002)
    }

    @Test func badClosePayloadsAre1002() {
        #expect(closeCode(Client.frame(opcode: 8, payload: [0x03])) == 1002)
        for code: UInt16 in [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535] {
            #expect(closeCode(Client.frame(opcode: 8, payload: [UInt8(code >> 8), UInt8(code & 0xFF)])) == 1002)
        }
        #expect(closeCode(Client.frame(opcode: 8, payload: [0x03, 0xE8, 0xFF, 0xFE])) == 1002)
    }

    @Test func errorsAreFinal() throws {
        var reader = WebSocketReader()
        reader.feed(Client.frame(.text, "ok") + Client.frame(opcode: 3, payload: []) + Client.frame(.text, "never"))
        #expect(try reader.next() == .text("ok"))
        let error = WebSocketError(.protocolError, "unknown opcode")
        #expect(throws: error) { try reader.next() }
        reader.feed(Client.frame(.text, "later"))
        #expect(throws: error) { try reader.next() }
        #expect(reader.bufferedByteCount == 0)
        #expect(error.closeMessage == .close(code: 1002, reason: "unknown opcode"))
    }

    @Test func firstBrokenRuleDecidesTheCode() {
        // Unmasked and oversized: the mask bit is checked first, whatever the split.
        #expect(closeCode(Client.frame(opcode: 2, payload: [UInt8](repeating: 0, count: 200), masked: false), maxMessageBytes: 100) == 1002)
        // RSV bits are checked before the opcode.
        #expect(Outcome.read([Client.frame(rsv: 4, opcode: 3, payload: [])[...]]).error?.reason == "reserved bits set")
    }
}
