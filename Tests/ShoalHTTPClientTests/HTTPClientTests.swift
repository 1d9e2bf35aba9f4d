#if canImport(Glibc)
import Glibc
#endif
import ShoalHTTP
import ShoalTestSupport
import ShoalHTTPClient
import Testing

@Suite struct HTTPClientTests {
    @Test func getSendsHeadersInOrderAndReadsContentLengthResponse() throws {
        let server = try CannedServer(respond: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Reply: a\r\nx-reply: b\r\nContent-Length: 5\r\n\r\nhello")
        let response = try HTTPClient.send(OutboundRequest(
            url: "http://127.0.0.1:\(server.port)/v2/rpc/x?unwrap=true&a=b#fragment", method: "get",
            headers: [("X-First", "1"), ("Accept", "application/json"), ("x-first", "2")]))
        let request = try #require(server.finish())

        #expect(request.method == "GET")
        #expect(request.target == "/v2/rpc/x?unwrap=true&a=b")
        #expect(request.headers.map(\.name) == ["X-First", "Accept", "x-first", "Host", "User-Agent", "Connection"])
        #expect(request.headers["host"] == "127.0.0.1:\(server.port)")
        #expect(request.headers["user-agent"] == "shoal")
        #expect(request.headers["connection"] == "close")
        #expect(request.headers.values("x-first") == ["1", "2"])
        #expect(!request.headers.contains("content-length"))

        #expect(response.status == 200)
        #expect(response.headers.map(\.0) == ["Content-Type", "X-Reply", "x-reply", "Content-Length"])
        #expect(response.header("x-reply") == "a")
        #expect(response.body == Array("hello".utf8))
    }

    @Test func postSendsBodyAndReadsChunkedResponse() throws {
        let server = try CannedServer(respond: "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"ok\r\n5\r\n\":1}\n\r\n0\r\n\r\n")
        let body = Array("{\"amount\":10}".utf8)
        let response = try HTTPClient.send(OutboundRequest(
            url: "http://127.0.0.1:\(server.port)/hook", method: "Post",
            headers: [("Content-Type", "application/json"), ("Host", "example.test"), ("User-Agent", "game/1"),
                      ("Content-Length", "999"), ("Connection", "keep-alive")],
            body: body))
        let request = try #require(server.finish())

        #expect(request.method == "POST")
        #expect(request.body == body)
        #expect(request.headers["host"] == "example.test")
        #expect(request.headers["user-agent"] == "game/1")
        #expect(request.headers.values("content-length") == ["13"])
        #expect(request.headers.values("connection") == ["close"])
        #expect(response.status == 201)
        #expect(response.body == Array("{\"ok\":1}\n".utf8))
    }

    @Test func emptyPutStillSendsContentLength() throws {
        let server = try CannedServer(respond: "HTTP/1.1 204 No Content\r\n\r\n")
        let response = try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/", method: "PUT"))
        let request = try #require(server.finish())
        #expect(request.headers["content-length"] == "0")
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
    }

    @Test func readsBodyUntilClose() throws {
        let server = try CannedServer(respond: "HTTP/1.0 200 OK\r\nServer: old\r\n\r\nno length, ends at close")
        let response = try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)"))
        let request = try #require(server.finish())
        #expect(request.target == "/")
        #expect(response.body == Array("no length, ends at close".utf8))
        #expect(response.header("server") == "old")
    }

    @Test func headResponseHasNoBody() throws {
        let server = try CannedServer(respond: "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        let response = try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/file", method: "head"))
        let request = try #require(server.finish())
        #expect(request.method == "HEAD")
        #expect(response.status == 200)
        #expect(response.header("content-length") == "1000")
        #expect(response.body.isEmpty)
    }

    @Test func redirectsAreReturnedNotFollowed() throws {
        let server = try CannedServer(respond: "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n")
        let response = try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/old", method: "DELETE"))
        #expect(server.finish()?.method == "DELETE")
        #expect(response.status == 302)
        #expect(response.header("location") == "http://127.0.0.1:1/elsewhere")
    }

    @Test func percentEncodesSpacesAndNonASCIIInTarget() throws {
        let server = try CannedServer(respond: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        _ = try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/a b/é?q=x y"))
        #expect(server.finish()?.target == "/a%20b/%C3%A9?q=x%20y")
    }

    @Test func resolvesLocalhost() throws {
        let server = try CannedServer(respond: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        let response = try HTTPClient.send(OutboundRequest(url: "http://localhost:\(server.port)/"))
        #expect(server.finish()?.headers["host"] == "localhost:\(server.port)")
        #expect(response.body == Array("ok".utf8))
    }

    @Test(.enabled(if: ipv6LoopbackAvailable())) func connectsToBracketedIPv6Literal() throws {
        let server = try CannedServer(.respond(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6".utf8)), ipv6: true)
        let response = try HTTPClient.send(OutboundRequest(url: "http://[::1]:\(server.port)/six"))
        let request = try #require(server.finish())
        #expect(request.headers["host"] == "[::1]:\(server.port)")
        #expect(response.body == Array("v6".utf8))
    }

    @Test func silentServerTimesOut() throws {
        let server = try CannedServer(.silent)
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/", timeoutMilliseconds: 300))
        }
        #expect(server.finish()?.method == "GET")
        #expect(error?.kind == .timeout)
        #expect(error?.description == "http request failed: timeout after 300 ms")
    }

    @Test func nonPositiveTimeoutMeansDefault() {
        #expect(OutboundRequest(url: "http://h/", timeoutMilliseconds: 0).effectiveTimeoutMilliseconds == 5000)
        #expect(OutboundRequest(url: "http://h/", timeoutMilliseconds: -1).effectiveTimeoutMilliseconds == 5000)
        #expect(OutboundRequest(url: "http://h/", timeoutMilliseconds: 250).effectiveTimeoutMilliseconds == 250)
    }

    @Test func closedPortIsConnectionRefused() throws {
        // Bound but not listening: nothing else can take the port while the test runs.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(holder) }
        let port = try CannedServer.bindLoopback(holder, ipv6: false)
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(port)/"))
        }
        #expect(error?.kind == .connect)
        #expect(error?.description == "http request failed: connection refused")
    }

    @Test(arguments: [
        "", "127.0.0.1/", "ftp://127.0.0.1/", "http:/127.0.0.1/", "http://", "http:///path", "http://:80/",
        "http://user@host/", "http://host:0/", "http://host:65536/", "http://host:8a/", "http://host:/",
        "http://[::1/", "http://[]/", "http://[::1]x/", "http://ho st/", "http://host/a\u{01}b", "http://host/\r\nX: y",
    ])
    func invalidURLsFailWithoutConnecting(url: String) {
        let error = #expect(throws: HTTPClientError.self) { try HTTPClient.send(OutboundRequest(url: url)) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.description == "http request failed: invalid url")
    }

    @Test(arguments: ["OPTIONS", "CONNECT", "TRACE", "", "GE T", "GETS"])
    func unsupportedMethodsFail(method: String) {
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:1/", method: method))
        }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.description == "http request failed: invalid method \(method)")
    }

    @Test(arguments: [[("Bad Name", "v")], [("", "v")], [("X-Ok", "a\r\nInjected: 1")], [("X-Ok", "a\nb")]])
    func invalidHeadersFailWithoutConnecting(headers: [(String, String)]) {
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:1/", headers: headers))
        }
        #expect(error?.kind == .invalidRequest)
    }

    @Test func declaredOversizedResponseFails() throws {
        let server = try CannedServer(respond: "HTTP/1.1 200 OK\r\nContent-Length: \(16 * 1024 * 1024 + 1)\r\n\r\nxx")
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/"))
        }
        _ = server.finish()
        #expect(error?.kind == .tooLarge)
        #expect(error?.description == "http request failed: response body larger than 16777216 bytes")
    }

    @Test func streamedOversizedResponseFails() throws {
        let server = try CannedServer(.stream(head: Array("HTTP/1.1 200 OK\r\n\r\n".utf8), count: 17 * 1024 * 1024))
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/", timeoutMilliseconds: 20_000))
        }
        _ = server.finish()
        #expect(error?.kind == .tooLarge)
    }

    @Test func responseAtTheLimitIsAccepted() throws {
        let size = HTTPClient.maxResponseBodyBytes
        let server = try CannedServer(.stream(head: Array("HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\n\r\n".utf8), count: size))
        let response = try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/", timeoutMilliseconds: 20_000))
        _ = server.finish()
        #expect(response.body.count == size)
    }

    @Test func truncatedResponseFails() throws {
        let server = try CannedServer(respond: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/"))
        }
        _ = server.finish()
        #expect(error?.kind == .transport)
        #expect(error?.description == "http request failed: connection closed before the response was complete")
    }

    @Test func malformedResponseFails() throws {
        let server = try CannedServer(respond: "SSH-2.0-OpenSSH\r\n\r\n")
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/"))
        }
        _ = server.finish()
        #expect(error?.kind == .transport)
        #expect(error?.description.hasPrefix("http request failed: malformed response") == true)
    }
}

private func ipv6LoopbackAvailable() -> Bool {
    let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return (try? CannedServer.bindLoopback(descriptor, ipv6: true)) != nil
}
