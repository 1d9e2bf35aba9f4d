import ShoalHTTP
import Testing

@Suite struct HTTPResponseTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func serialisesStatusHeadersLengthAndBody() {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        headers.add("Content-Length", "999")
        let response = HTTPResponse(status: 200, headers: headers, body: Array("{}".utf8))
        #expect(text(response.serialized(keepAlive: true))
            == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func closingConnectionReplacesCallerConnectionField() {
        let response = HTTPResponse(status: 404, headers: ["Connection": "keep-alive", "X": "1"], body: Array("no".utf8))
        #expect(text(response.serialized(keepAlive: false))
            == "HTTP/1.1 404 Not Found\r\nX: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno")
    }

    @Test func headKeepsTheGetLengthWithoutTheBody() {
        let response = HTTPResponse(status: 200, body: Array("hello".utf8))
        #expect(text(response.serialized(keepAlive: true, headOnly: true))
            == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    }

    @Test func noContentLengthOnInformationalOrNoContent() {
        let upgrade = HTTPResponse(status: 101, headers: ["Upgrade": "websocket", "Connection": "Upgrade"])
        #expect(text(upgrade.serialized(keepAlive: true))
            == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        #expect(text(HTTPResponse(status: 204).serialized(keepAlive: true)) == "HTTP/1.1 204 No Content\r\n\r\n")
    }

    @Test func emptyBodyStillGetsZeroLength() {
        #expect(text(HTTPResponse(status: 500).serialized(keepAlive: false))
            == "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    }

    @Test func reasonPhrases() {
        #expect(HTTPResponse.reasonPhrase(431) == "Request Header Fields Too Large")
        #expect(HTTPResponse.reasonPhrase(505) == "HTTP Version Not Supported")
        #expect(HTTPResponse.reasonPhrase(401) == "Unauthorized")
        #expect(HTTPResponse.reasonPhrase(799) == "Unknown")
        #expect(text(HTTPResponse(status: 799).serialized(keepAlive: true)).hasPrefix("HTTP/1.1 799 Unknown\r\n"))
    }

    @Test func controlBytesInFieldsCannotSplitTheResponse() {
        let response = HTTPResponse(status: 302, headers: ["Location": "/a\r\nSet-Cookie: x=1", "X\nY": "v\0"])
        #expect(text(response.serialized(keepAlive: true))
            == "HTTP/1.1 302 Found\r\nLocation: /a  Set-Cookie: x=1\r\nX Y: v \r\nContent-Length: 0\r\n\r\n")
    }

    @Test func largeBodyLengthIsWrittenInDecimal() {
        let response = HTTPResponse(status: 200, body: [UInt8](repeating: 7, count: 262_144))
        let bytes = response.serialized(keepAlive: true)
        #expect(text(Array(bytes.prefix(43))) == "HTTP/1.1 200 OK\r\nContent-Length: 262144\r\n\r\n")
        #expect(bytes.count == 43 + 262_144)
    }

    @Test func parserReadsWhatTheWriterWrites() throws {
        var headers = HTTPHeaders()
        headers.add("Host", "h")
        headers.add("X-Thing", "value")
        let bytes = HTTPResponse(status: 200, headers: headers, body: Array("payload".utf8)).serialized(keepAlive: true)
        let asRequest = Array("POST /echo HTTP/1.1\r\n".utf8) + bytes.drop { $0 != 0x0A }.dropFirst()
        var parser = HTTPRequestParser()
        parser.feed(asRequest)
        let request = try #require(try parser.next())
        #expect(request.headers["x-thing"] == "value")
        #expect(request.body == Array("payload".utf8))
    }
}
