import ShoalHTTP
import Testing

@Suite struct HTTPRequestParserRejectionTests {
    static let host = "Host: h\r\n"

    @Test(arguments: [
        // Line endings.
        ("GET / HTTP/1.1\nHost: h\r\n\r\n", "bare LF"),
        ("GET / HTTP/1.1\r\nHost: h\n\r\n", "bare LF"),
        ("GET / HTTP/1.1\r\nHost: h\r\n\n", "bare LF"),
        ("\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", "bare LF"),
        ("\rGET / HTTP/1.1\r\nHost: h\r\n\r\n", "bare CR"),
        ("GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", "invalid character in header value"),
        ("GET /\r HTTP/1.1\r\nHost: h\r\n\r\n", "invalid request target"),
        // Request line.
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", "malformed request line"),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", "malformed HTTP version"),
        ("GET /\r\nHost: h\r\n\r\n", "malformed request line"),
        (" GET / HTTP/1.1\r\nHost: h\r\n\r\n", "malformed request line"),
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", "invalid method"),
        ("GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n", "request target must be origin-form"),
        ("GET * HTTP/1.1\r\nHost: h\r\n\r\n", "request target must be origin-form"),
        ("GET /\u{7F} HTTP/1.1\r\nHost: h\r\n\r\n", "invalid request target"),
        ("GET /é HTTP/1.1\r\nHost: h\r\n\r\n", "invalid request target"),
        ("GET / http/1.1\r\nHost: h\r\n\r\n", "malformed HTTP version"),
        ("GET / HTTP/1\r\nHost: h\r\n\r\n", "malformed HTTP version"),
        ("GET / HTTP/1.1.1\r\nHost: h\r\n\r\n", "malformed HTTP version"),
        // Fields.
        ("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n continued\r\n\r\n", "obs-fold or leading whitespace in header"),
        ("GET / HTTP/1.1\r\n\tHost: h\r\n\r\n", "obs-fold or leading whitespace in header"),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", "whitespace before colon in header"),
        ("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", "whitespace before colon in header"),
        ("GET / HTTP/1.1\r\nHo(st: h\r\n\r\n", "invalid header name"),
        ("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", "header without colon"),
        ("GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n", "empty header name"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{01}b\r\n\r\n", "invalid character in header value"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{7F}\r\n\r\n", "invalid character in header value"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{00}\r\n\r\n", "invalid character in header value"),
        // Host.
        ("GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 requires exactly one Host header"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "HTTP/1.1 requires exactly one Host header"),
        ("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", "more than one Host header"),
        // Content-Length.
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\nhello", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x5\r\n\r\nhello", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5 5\r\n\r\nhello", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\nhello!", "invalid Content-Length"),
        // Transfer-Encoding (request smuggling).
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         "both Transfer-Encoding and Content-Length"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
         "both Transfer-Encoding and Content-Length"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", "chunked is not the final transfer coding"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "chunked is not the final transfer coding"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n", "chunked is not the final transfer coding"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n", "chunked is not the final transfer coding"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
         "chunked applied more than once"),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "Transfer-Encoding in HTTP/1.0"),
        // Chunked framing.
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "invalid chunk size"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", "invalid chunk size"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\n", "invalid chunk size"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\n", "bare LF"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a\u{01}\r\n", "invalid chunk extension"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", "chunk data not followed by CRLF"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\rX", "chunk data not followed by CRLF"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: \u{01}\r\n\r\n", "invalid character in trailer"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n folded\r\n\r\n", "obs-fold in trailer"),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: a\n\r\n", "bare LF"),
    ])
    func rejectsAsBadRequest(text: String, reason: String) {
        let outcome = ParseOutcome.parseEverySplit(text)
        #expect(outcome.requests.isEmpty)
        #expect(outcome.error == .badRequest(reason))
        #expect(outcome.error?.status == 400)
    }

    @Test(arguments: [
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.2\r\nHost: h\r\n\r\n",
        "GET / HTTP/0.9\r\nHost: h\r\n\r\n",
        "GET / HTTP/3\r\nHost: h\r\n\r\n",
    ])
    func rejectsOtherVersions(text: String) {
        let outcome = ParseOutcome.parseEverySplit(text)
        #expect(outcome.error == .unsupportedVersion)
        #expect(outcome.error?.status == 505)
    }

    @Test(arguments: ["gzip, chunked", "deflate,chunked", "identity, chunked"])
    func unknownCodingsBeforeChunkedAreNotImplemented(codings: String) {
        let outcome = ParseOutcome.parseEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \(codings)\r\n\r\n0\r\n\r\n")
        #expect(outcome.error == .notImplemented("unsupported transfer coding"))
        #expect(outcome.error?.status == 501)
    }

    @Test func errorAfterAGoodPipelinedRequestKeepsTheGoodOne() {
        let outcome = ParseOutcome.parseEverySplit("GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\r\nHost : h\r\n\r\n")
        #expect(outcome.requests.map(\.path) == ["/ok"])
        #expect(outcome.error == .badRequest("whitespace before colon in header"))
    }

    @Test func errorIsStickyAndLaterBytesAreDropped() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("GET / HTTP/1.1\r\nHost : h\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.badRequest("whitespace before colon in header")) { try parser.next() }
        parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(parser.bufferedByteCount == 0)
        #expect(throws: HTTPParseError.badRequest("whitespace before colon in header")) { try parser.next() }
        #expect(!parser.isMidRequest)
    }

    // MARK: - Limits

    @Test func headerBlockAtTheLimitIsAccepted() throws {
        let limits = HTTPLimits(maxHeaderBytes: 64, maxBodyBytes: 16)
        let prefix = "GET / HTTP/1.1\r\nHost: h\r\nX: "
        let padding = String(repeating: "a", count: 64 - prefix.utf8.count - 4)
        let text = prefix + padding + "\r\n\r\n"
        #expect(text.utf8.count == 64)
        let outcome = ParseOutcome.parseEverySplit(text, limits: limits)
        #expect(outcome.error == nil)
        #expect(outcome.requests.count == 1)
        let over = ParseOutcome.parseEverySplit(prefix + padding + "a\r\n\r\n", limits: limits)
        #expect(over.error == .headersTooLarge)
        #expect(over.error?.status == 431)
    }

    @Test func oversizedHeadersFailBeforeTheirEnd() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 1024))
        parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\nX: ".utf8))
        #expect(try parser.next() == nil)
        parser.feed([UInt8](repeating: UInt8(ascii: "a"), count: 1000))
        #expect(throws: HTTPParseError.headersTooLarge) { try parser.next() }
    }

    @Test func leadingEmptyLinesDoNotCountButAreStillBounded() throws {
        let limits = HTTPLimits(maxHeaderBytes: 32)
        let outcome = ParseOutcome.parseEverySplit(
            String(repeating: "\r\n", count: 40) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", limits: limits)
        #expect(outcome.requests.count == 1)
        var parser = HTTPRequestParser(limits: limits)
        parser.feed([UInt8](repeating: 0, count: 0) + Array(String(repeating: "\r\n", count: 1000).utf8))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func contentLengthOverLimitFailsWithoutWaitingForTheBody() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxBodyBytes: 100))
        parser.feed(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.bodyTooLarge) { try parser.next() }
        #expect(HTTPParseError.bodyTooLarge.status == 400)
        let atLimit = ParseOutcome.parseEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n" + String(repeating: "b", count: 100),
            limits: HTTPLimits(maxBodyBytes: 100))
        #expect(atLimit.requests.first?.body.count == 100)
    }

    @Test func hugeContentLengthIsTooLargeNotAnOverflow() {
        let outcome = ParseOutcome.parseEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999\r\n\r\n")
        #expect(outcome.error == .bodyTooLarge)
    }

    @Test func chunkedOverLimitFailsAtTheChunkSizeLine() throws {
        let limits = HTTPLimits(maxBodyBytes: 10)
        var parser = HTTPRequestParser(limits: limits)
        parser.feed(Array("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n".utf8))
        #expect(try parser.next() == nil)
        parser.feed(Array("5\r\n".utf8))
        #expect(throws: HTTPParseError.bodyTooLarge) { try parser.next() }

        let exact = ParseOutcome.parseEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n4\r\nghij\r\n0\r\n\r\n",
            limits: limits)
        #expect(exact.requests.first?.body == Array("abcdefghij".utf8))
    }

    @Test func chunkSizeOverflowIsTooLarge() {
        let outcome = ParseOutcome.parseEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFFFF\r\n",
            limits: HTTPLimits(maxBodyBytes: Int.max))
        #expect(outcome.error == .bodyTooLarge)
    }

    @Test func trailersCountTowardTheHeaderLimit() {
        let limits = HTTPLimits(maxHeaderBytes: 64)
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        let fits = ParseOutcome.parseEverySplit(
            head + "X: " + String(repeating: "t", count: 64 - 3 - 4) + "\r\n\r\n", limits: limits)
        #expect(fits.error == nil)
        #expect(fits.requests.count == 1)
        let tooMany = ParseOutcome.parseEverySplit(
            head + String(repeating: "X: 0123456789\r\n", count: 5) + "\r\n", limits: limits)
        #expect(tooMany.error == .headersTooLarge)
    }

    @Test func overlongChunkSizeLineIsRejected() {
        let limits = HTTPLimits(maxHeaderBytes: 64)
        let outcome = ParseOutcome.parseEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 80) + "\r\n",
            limits: limits)
        #expect(outcome.error == .badRequest("chunk size line too long"))
    }

    @Test func heldBytesStayBoundedWhileABodyStreamsIn() throws {
        let limits = HTTPLimits(maxHeaderBytes: 256, maxBodyBytes: 4096)
        var parser = HTTPRequestParser(limits: limits)
        parser.feed(Array("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
        let chunk = Array("10\r\n0123456789abcdef\r\n".utf8)
        for _ in 0..<256 {
            parser.feed(chunk)
            #expect(try parser.next() == nil)
            #expect(parser.bufferedByteCount <= limits.maxHeaderBytes + limits.maxBodyBytes + chunk.count)
        }
        parser.feed(chunk)
        #expect(throws: HTTPParseError.bodyTooLarge) { try parser.next() }
    }
}
