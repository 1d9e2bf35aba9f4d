import ShoalHTTP
import Testing

/// What a response parser produced from one input: the response, or the error that ended it.
private struct ResponseOutcome: Equatable {
    var response: HTTPResponse?
    var error: HTTPResponseParser.Failure?

    /// Feeds `chunks` in order, calling `next()` after each; if no response came, the peer closes.
    static func parse(_ chunks: [ArraySlice<UInt8>], limits: HTTPLimits, bodyless: Bool) -> ResponseOutcome {
        var parser = HTTPResponseParser(limits: limits, bodyless: bodyless)
        do {
            for chunk in chunks {
                parser.feed(Array(chunk))
                if let response = try parser.next() { return ResponseOutcome(response: response) }
            }
            return ResponseOutcome(response: try parser.finish())
        } catch {
            return ResponseOutcome(error: error)
        }
    }

    /// Parses `text` whole, split at every byte boundary and byte by byte; records an issue if any split
    /// disagrees with the whole parse, and returns the whole parse.
    static func parseEverySplit(
        _ text: String, limits: HTTPLimits = HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 64), bodyless: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ResponseOutcome {
        let bytes = Array(text.utf8)
        let whole = parse([bytes[...]], limits: limits, bodyless: bodyless)
        for cut in 0...bytes.count {
            let split = parse([bytes[..<cut], bytes[cut...]], limits: limits, bodyless: bodyless)
            if split != whole {
                Issue.record("split at \(cut) gave \(split), whole gave \(whole)", sourceLocation: sourceLocation)
                return whole
            }
        }
        let byteByByte = parse(bytes.map { [$0][...] }, limits: limits, bodyless: bodyless)
        #expect(byteByByte == whole, "byte-by-byte feed differs", sourceLocation: sourceLocation)
        return whole
    }

    var text: String? { response.map { String(decoding: $0.body, as: UTF8.self) } }
}

@Suite struct HTTPResponseParserTests {
    @Test func readsContentLengthResponseWithHeadersInOrder() throws {
        let outcome = ResponseOutcome.parseEverySplit(
            "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nX-A: 1\r\nx-a:  2 \r\nContent-Length: 5\r\n\r\nhelloIGNORED")
        let response = try #require(outcome.response)
        #expect(response.status == 201)
        #expect(response.headers.map(\.name) == ["Content-Type", "X-A", "x-a", "Content-Length"])
        #expect(response.headers.values("x-a") == ["1", "2"])
        #expect(outcome.text == "hello")
    }

    @Test func dechunksBodyWithExtensionsAndTrailers() {
        let outcome = ResponseOutcome.parseEverySplit(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6 ; a\r\n world\r\n00A\r\n0123456789\r\n0\r\nX-Sum: abc\r\n\r\nGARBAGE")
        #expect(outcome.error == nil)
        #expect(outcome.text == "hello world0123456789")
    }

    @Test func chunkedWinsOverContentLength() {
        let outcome = ResponseOutcome.parseEverySplit(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        #expect(outcome.text == "abc")
    }

    @Test func bodyWithoutFramingRunsUntilClose() {
        #expect(ResponseOutcome.parseEverySplit("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil the end").text == "until the end")
        #expect(ResponseOutcome.parseEverySplit("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw").text == "raw")
        #expect(ResponseOutcome.parseEverySplit("HTTP/1.1 200 OK\r\n\r\n").text == "")
    }

    @Test func acceptsBareLineFeedsAndMissingReason() throws {
        let outcome = ResponseOutcome.parseEverySplit("HTTP/1.1 404\nContent-Length: 3\n\nabc")
        #expect(outcome.response?.status == 404)
        #expect(outcome.text == "abc")
        let chunked = ResponseOutcome.parseEverySplit("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nab\n0\n\n")
        #expect(chunked.text == "ab")
    }

    @Test(arguments: [
        ("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", false, 204),
        ("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", false, 304),
        ("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", true, 200),
        ("HTTP/1.1 200 OK\r\n\r\n", true, 200),
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nframes", false, 101),
    ])
    func responsesWithoutBody(text: String, bodyless: Bool, status: Int) throws {
        let outcome = ResponseOutcome.parseEverySplit(text, bodyless: bodyless)
        let response = try #require(outcome.response)
        #expect(response.status == status)
        #expect(response.body.isEmpty)
    }

    @Test func skipsInterimResponses() throws {
        let outcome = ResponseOutcome.parseEverySplit(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        let response = try #require(outcome.response)
        #expect(response.status == 200)
        #expect(response.headers.map(\.name) == ["Content-Length"])
        #expect(outcome.text == "ok")
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n",
        "",
    ])
    func closeBeforeTheEndIsTruncation(text: String) {
        #expect(ResponseOutcome.parseEverySplit(text).error == .truncated)
    }

    @Test(arguments: [
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 OK\r\n\r\n",
        "http/1.1 200 OK\r\n\r\n",
        "\r\nHTTP/1.1 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: empty\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\u{01}b\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 x\r\nab\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
    ])
    func rejectsMalformedResponses(text: String) {
        let outcome = ResponseOutcome.parseEverySplit(text)
        guard case .malformed = outcome.error else {
            Issue.record("expected malformed, got \(outcome)")
            return
        }
    }

    @Test func enforcesBodyLimitForEveryFraming() {
        let limits = HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 8)
        let declared = ResponseOutcome.parseEverySplit("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", limits: limits)
        #expect(declared.error == .bodyTooLarge)
        let huge = ResponseOutcome.parseEverySplit(
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", limits: limits)
        #expect(huge.error == .bodyTooLarge)
        let chunked = ResponseOutcome.parseEverySplit(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n4\r\nfghi\r\n0\r\n\r\n", limits: limits)
        #expect(chunked.error == .bodyTooLarge)
        let untilClose = ResponseOutcome.parseEverySplit("HTTP/1.1 200 OK\r\n\r\n123456789", limits: limits)
        #expect(untilClose.error == .bodyTooLarge)
        let exact = ResponseOutcome.parseEverySplit("HTTP/1.1 200 OK\r\n\r\n12345678", limits: limits)
        #expect(exact.text == "12345678")
        let headOfLargeResource = ResponseOutcome.parseEverySplit(
            "HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n", limits: limits, bodyless: true)
        #expect(headOfLargeResource.response?.status == 200)
    }

    @Test func enforcesHeaderLimit() {
        let limits = HTTPLimits(maxHeaderBytes: 64, maxBodyBytes: 1024)
        let long = "HTTP/1.1 200 OK\r\nX-Long: " + String(repeating: "a", count: 64) + "\r\n\r\n"
        #expect(ResponseOutcome.parseEverySplit(long, limits: limits).error == .headersTooLarge)
        let longChunkLine = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 64) + "\r\n"
        #expect(ResponseOutcome.parseEverySplit(longChunkLine, limits: limits).error == .headersTooLarge)
        let trailers = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + String(repeating: "T: v\r\n", count: 12) + "\r\n"
        #expect(ResponseOutcome.parseEverySplit(trailers, limits: limits).error == .headersTooLarge)
    }

    @Test func errorsAreFinal() {
        var parser = HTTPResponseParser(limits: HTTPLimits(), bodyless: false)
        parser.feed(Array("HTTP/9 200 OK\r\n\r\n".utf8))
        #expect(throws: HTTPResponseParser.Failure.self) { try parser.next() }
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8))
        #expect(throws: HTTPResponseParser.Failure.malformed("malformed status line")) { try parser.next() }
        #expect(throws: HTTPResponseParser.Failure.malformed("malformed status line")) { try parser.finish() }
    }

    @Test func returnsTheResponseOnce() throws {
        var parser = HTTPResponseParser(limits: HTTPLimits(), bodyless: false)
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx".utf8))
        let response = try #require(try parser.next())
        #expect(response.body == [UInt8(ascii: "x")])
        parser.feed(Array("more".utf8))
        #expect(try parser.next() == nil)
    }
}
