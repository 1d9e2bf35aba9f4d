import ShoalHTTP
import Testing

@Suite struct HTTPRequestParserTests {
    @Test func parsesSimpleGet() throws {
        let outcome = ParseOutcome.parseEverySplit("GET /v2/user?ids=a&ids=b HTTP/1.1\r\nHost: example.com\r\nX-Trace:  abc \t\r\n\r\n")
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(outcome.requests.count == 1)
        #expect(request.method == "GET")
        #expect(request.target == "/v2/user?ids=a&ids=b")
        #expect(request.path == "/v2/user")
        #expect(request.query == "ids=a&ids=b")
        #expect(request.versionMinor == 1)
        #expect(request.headers["x-trace"] == "abc")
        #expect(request.headers["HOST"] == "example.com")
        #expect(request.body.isEmpty)
        #expect(request.keepAlive)
        #expect(!request.isUpgrade)
    }

    @Test func keepsHeaderOrderAndCase() throws {
        let outcome = ParseOutcome.parseEverySplit(
            "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a: 2\r\nAccept:\r\n\r\n")
        let request = try #require(outcome.requests.first)
        #expect(request.headers.map(\.name) == ["Host", "X-A", "x-a", "Accept"])
        #expect(request.headers.values("X-a") == ["1", "2"])
        #expect(request.headers["x-A"] == "1")
        #expect(request.headers["accept"] == "")
        #expect(request.headers["missing"] == nil)
    }

    @Test func emptyQueryAndQuestionMarkOnly() throws {
        let outcome = ParseOutcome.parseEverySplit("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b? HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(outcome.requests.map(\.path) == ["/a", "/b"])
        #expect(outcome.requests.map(\.query) == ["", ""])
        #expect(outcome.requests.map(\.target) == ["/a", "/b?"])
    }

    @Test func readsContentLengthBody() throws {
        let outcome = ParseOutcome.parseEverySplit(
            "POST /v2/rpc/x HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
        let request = try #require(outcome.requests.first)
        #expect(request.method == "POST")
        #expect(request.body == Array("hello world".utf8))
        #expect(outcome.error == nil)
    }

    @Test func identicalDuplicateContentLengthsAreAccepted() throws {
        let outcome = ParseOutcome.parseEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc")
        #expect(outcome.requests.first?.body == Array("abc".utf8))
        #expect(outcome.error == nil)
    }

    @Test func zeroContentLengthCompletesAtOnce() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n".utf8))
        let request = try #require(try parser.next())
        #expect(request.body.isEmpty)
        #expect(!parser.isMidRequest)
    }

    @Test func dechunksBodyWithExtensionsAndTrailers() throws {
        let text = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "6 ; a=b;c\r\n world\r\n"
            + "0000A\r\n0123456789\r\n"
            + "0\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n"
        let outcome = ParseOutcome.parseEverySplit(text)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(String(decoding: request.body, as: UTF8.self) == "hello world0123456789")
        #expect(request.headers["X-Checksum"] == nil)
    }

    @Test func chunkedWithoutTrailersAndUppercaseCoding() throws {
        let outcome = ParseOutcome.parseEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(outcome.requests.map(\.body) == [Array("abc".utf8), []])
        #expect(outcome.requests.map(\.path) == ["/", "/next"])
    }

    @Test func pipelinedRequestsComeOutInOrder() throws {
        let text = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok"
            + "HEAD /3 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "GET /4 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
        let outcome = ParseOutcome.parseEverySplit(text)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.path) == ["/1", "/2", "/3", "/4"])
        #expect(outcome.requests.map(\.method) == ["GET", "POST", "HEAD", "GET"])
        #expect(outcome.requests[1].body == Array("ok".utf8))
        #expect(outcome.requests.map(\.keepAlive) == [true, true, true, false])
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: h\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: h\r\nConnection: closed\r\n\r\n", true),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: foo,  Keep-Alive \r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", false),
    ])
    func keepAliveSemantics(text: String, keepAlive: Bool) throws {
        let outcome = ParseOutcome.parseEverySplit(text)
        let request = try #require(outcome.requests.first)
        #expect(request.keepAlive == keepAlive)
        #expect(request.versionMinor == (text.contains("HTTP/1.0") ? 0 : 1))
    }

    @Test func toleratesLeadingEmptyLines() throws {
        let outcome = ParseOutcome.parseEverySplit("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.path) == ["/", "/b"])
    }

    @Test func optionsAsteriskIsAccepted() throws {
        let outcome = ParseOutcome.parseEverySplit("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(outcome.requests.first?.target == "*")
        #expect(outcome.requests.first?.path == "*")
    }

    @Test func upgradeStopsParsingAndHandsOverTheRest() throws {
        let frame: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        let head = "GET /ws?token=t HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let outcome = ParseOutcome.parseEverySplit(Array(head.utf8) + frame + Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(outcome.error == nil)
        #expect(outcome.requests.count == 1)
        #expect(outcome.requests.first?.isUpgrade == true)
        #expect(outcome.remaining == frame + Array("GET / HTTP/1.1\r\n\r\n".utf8))
    }

    @Test func upgradeNeedsBothConnectionTokenAndUpgradeField() throws {
        let outcome = ParseOutcome.parseEverySplit(
            "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n")
        #expect(outcome.requests.map(\.isUpgrade) == [false, false])
    }

    @Test func isMidRequestTracksPartialRequests() throws {
        var parser = HTTPRequestParser()
        #expect(!parser.isMidRequest)
        parser.feed(Array("\r\n".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.isMidRequest)
        parser.feed(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.isMidRequest)
        parser.feed(Array("cd".utf8))
        #expect(try parser.next()?.body == Array("abcd".utf8))
        #expect(!parser.isMidRequest)
        #expect(parser.bufferedByteCount == 0)
        parser.feed(Array("G".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.isMidRequest)
    }

    @Test func feedsFromRawBuffer() throws {
        var parser = HTTPRequestParser()
        let bytes = Array("GET /raw HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        bytes.withUnsafeBytes { parser.feed($0) }
        #expect(try parser.next()?.path == "/raw")
        #expect(try parser.next() == nil)
    }

    @Test func bufferStaysBoundedAcrossManyKeepAliveRequests() throws {
        var parser = HTTPRequestParser()
        let one = Array("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc".utf8)
        var count = 0
        for _ in 0..<2000 {
            parser.feed(one + one[..<7])
            while try parser.next() != nil { count += 1 }
            parser.feed(Array(one[7...]))
            while try parser.next() != nil { count += 1 }
            #expect(parser.bufferedByteCount == 0)
        }
        #expect(count == 4000)
    }
}
