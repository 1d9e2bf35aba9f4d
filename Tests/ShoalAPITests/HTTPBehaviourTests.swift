import ShoalJSON
import ShoalTestSupport
import Testing

/// The HTTP layer through a real socket: limits, pipelining, keep-alive, CORS and routing errors.
@Suite struct HTTPBehaviourTests {
    @Test func healthcheckAndRoot() throws {
        let client = try Shared.client()
        let health = try client.request("GET", "/healthcheck")
        #expect(health.status == 200)
        #expect(health.json == .object(JSONObject()))
        let root = try client.request("GET", "/")
        #expect(root.status == 200)
        #expect(root.body.isEmpty)
    }

    @Test func unknownRouteAndWrongMethod() throws {
        let client = try Shared.client()
        expectError(try client.request("GET", "/v2/nothing-here"), status: 404, code: 5)
        expectError(try client.request("PATCH", "/v2/account"), status: 501, code: 12, message: "Method Not Allowed")
    }

    @Test func headAnswersHeadersOnly() throws {
        let client = try Shared.client()
        let response = try client.request("HEAD", "/healthcheck")
        #expect(response.status == 200)
        #expect(response.header("Content-Length") == "2")
        // The connection stays usable: no body bytes were sent.
        #expect(try client.request("GET", "/healthcheck").json == .object(JSONObject()))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let client = try Shared.client()
        let token = try client.token()
        var batch = ""
        for index in 0..<10 {
            if index % 2 == 0 {
                batch += "GET /v2/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n"
            } else {
                batch += "GET /v2/nothing-\(index) HTTP/1.1\r\nHost: x\r\n\r\n"
            }
        }
        try client.send(batch)
        for index in 0..<10 {
            let response = try client.readResponse()
            #expect(response.status == (index % 2 == 0 ? 200 : 404), "response \(index)")
        }
    }

    @Test func chunkedBodiesAreAccepted() throws {
        let client = try Shared.client()
        let body = #"{"id":"\#(uniqueID())"}"#
        let half = body.utf8.count / 2
        let bytes = Array(body.utf8)
        let first = String(decoding: bytes[..<half], as: UTF8.self)
        let second = String(decoding: bytes[half...], as: UTF8.self)
        let request = "POST /v2/account/authenticate/device HTTP/1.1\r\nHost: x\r\n\(serverKey[0].0): \(serverKey[0].1)\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + String(first.utf8.count, radix: 16) + "\r\n" + first + "\r\n"
            + String(second.utf8.count, radix: 16) + ";ext=1\r\n" + second + "\r\n0\r\n\r\n"
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.status == 200, "\(response)")
        #expect(response.json?["created"] == .bool(true))
    }

    @Test func oversizedBodyIsRefusedWithoutReadingIt() throws {
        let client = try Shared.client()
        try client.send(
            "POST /v2/account/authenticate/device HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n{\"id\":")
        let response = try client.readResponse()
        expectError(response, status: 400, code: 3)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func oversizedHeadersAre431() throws {
        let client = try Shared.client()
        try client.send("GET /healthcheck HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 20_000) + "\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 431)
        #expect(client.isClosedByServer())
    }

    @Test func conflictingLengthsAreRefusedAndClosed() throws {
        let client = try Shared.client()
        try client.send(
            "POST /healthcheck HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 400)
        #expect(client.isClosedByServer())
    }

    @Test func garbageRequestLineIs400() throws {
        let client = try Shared.client()
        try client.send("HELLO\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(client.isClosedByServer())
    }

    @Test func connectionCloseIsHonoured() throws {
        let client = try Shared.client()
        let response = try client.request("GET", "/healthcheck", headers: [("Connection", "close")])
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func corsPreflightAndSimpleRequests() throws {
        let client = try Shared.client()
        let preflight = try client.request(
            "OPTIONS", "/v2/account",
            headers: [
                ("Origin", "https://game.example"), ("Access-Control-Request-Method", "PUT"),
                ("Access-Control-Request-Headers", "authorization, content-type"),
            ])
        #expect(preflight.status == 200)
        #expect(preflight.header("Access-Control-Allow-Origin") == "*")
        #expect(preflight.header("Access-Control-Allow-Methods") == "PUT")
        #expect(preflight.header("Access-Control-Allow-Headers")?.lowercased() == "authorization,content-type")
        let simple = try client.request("GET", "/healthcheck", headers: [("Origin", "https://game.example")])
        #expect(simple.header("Access-Control-Allow-Origin") == "*")
        let refused = try client.request(
            "OPTIONS", "/v2/account", headers: [("Origin", "https://x"), ("Access-Control-Request-Method", "PATCH")])
        #expect(refused.status == 405)
    }

    @Test func unknownBodyFieldsAreIgnoredAndCamelCaseAccepted() throws {
        let client = try Shared.client()
        let token = try client.token()
        let response = try client.request(
            "PUT", "/v2/account", headers: bearer(token), json: ["displayName": "Camel", "not_a_field": 1])
        #expect(response.status == 200, "\(response)")
        let account = try client.request("GET", "/v2/account", headers: bearer(token)).json
        #expect(account?["user"]?["display_name"] == .string("Camel"))
    }
}

/// Timeouts on a node configured with short ones.
@Suite struct HTTPTimeoutTests {
    static let node: Result<TestNode, any Error> = Result {
        try TestNode {
            $0.socket.readTimeoutMs = 1000
            $0.socket.idleTimeoutMs = 1500
        }
    }

    @Test func slowRequestIsClosedAfterTheReadTimeout() throws {
        let client = try HTTPTestClient(port: Self.node.get().port)
        try client.send("GET /healthcheck HTTP/1.1\r\nHost: x\r\n")
        // Never finish the header block; the node must hang up (the socket read times out at 15 s otherwise).
        #expect(client.isClosedByServer())
    }

    @Test func idleConnectionIsClosedAfterTheIdleTimeout() throws {
        let client = try HTTPTestClient(port: Self.node.get().port)
        #expect(try client.request("GET", "/healthcheck").status == 200)
        #expect(client.isClosedByServer())
    }
}

@Suite struct ExpectContinueTests {
    @Test func clientsExpectingContinueGetItBeforeSendingTheBody() throws {
        let client = try Shared.client()
        let body = #"{"id":"\#(uniqueID())"}"#
        try client.send(
            "POST /v2/account/authenticate/device HTTP/1.1\r\nHost: x\r\n\(serverKey[0].0): \(serverKey[0].1)\r\n"
                + "Expect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        let interim = try client.readResponse(headRequest: true)
        #expect(interim.status == 100)
        try client.send(body)
        let response = try client.readResponse()
        #expect(response.status == 200, "\(response)")
    }
}
