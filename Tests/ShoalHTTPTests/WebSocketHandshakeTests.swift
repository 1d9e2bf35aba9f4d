import ShoalHTTP
import Testing

@Suite struct WebSocketHandshakeTests {
    private static let headers: HTTPHeaders = [
        "Host": "server.example.com",
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
    ]

    private func request(method: String = "GET", versionMinor: Int = 1, headers: HTTPHeaders = headers) -> HTTPRequest {
        HTTPRequest(method: method, target: "/ws?token=t", versionMinor: versionMinor, headers: headers, isUpgrade: true)
    }

    private func replacing(_ name: String, with value: String?) -> HTTPHeaders {
        var headers = Self.headers
        headers.remove(name)
        if let value { headers.add(name, value) }
        return headers
    }

    @Test func testSHA1MatchesKnownAnswers() {
        #expect(hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(SHA1.digest(long)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func acceptsTheRFCExample() throws {
        let response = try WebSocketHandshake.accept(request(), sha1: SHA1.digest)
        #expect(response.status == 101)
        #expect(response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(response.headers["Upgrade"] == "websocket")
        #expect(response.headers["Connection"] == "Upgrade")
        let wire = String(decoding: response.serialized(keepAlive: true), as: UTF8.self)
        #expect(wire == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    }

    @Test func tokenListsAndCaseAreAccepted() throws {
        var headers: HTTPHeaders = [
            "host": "h", "connection": "keep-alive", "CONNECTION": " keep-alive ,  UPGRADE",
            "upgrade": "WebSocket", "sec-websocket-version": "8, 13", "SEC-WEBSOCKET-KEY": "AAAAAAAAAAAAAAAAAAAAAA==",
        ]
        let response = try WebSocketHandshake.accept(request(headers: headers), sha1: SHA1.digest)
        #expect(response.status == 101)
        #expect(response.headers["sec-websocket-accept"] == "ICX+Yqv66kxgM0FcWaLWlFLwTAI=")
        headers.remove("upgrade")
        headers.add("Upgrade", "h2c, websocket")
        #expect(try WebSocketHandshake.accept(request(headers: headers), sha1: SHA1.digest).status == 101)
    }

    @Test func rejectsEachBrokenRequirement() {
        let cases: [(HTTPRequest, WebSocketHandshakeError)] = [
            (request(method: "POST"), .methodNotGet),
            (request(method: "get"), .methodNotGet),
            (request(versionMinor: 0), .notHTTP11),
            (request(headers: replacing("Connection", with: nil)), .missingConnectionUpgrade),
            (request(headers: replacing("Connection", with: "keep-alive")), .missingConnectionUpgrade),
            (request(headers: replacing("Connection", with: "upgraded")), .missingConnectionUpgrade),
            (request(headers: replacing("Upgrade", with: nil)), .missingUpgradeWebSocket),
            (request(headers: replacing("Upgrade", with: "h2c")), .missingUpgradeWebSocket),
            (request(headers: replacing("Sec-WebSocket-Version", with: nil)), .unsupportedVersion),
            (request(headers: replacing("Sec-WebSocket-Version", with: "8")), .unsupportedVersion),
            (request(headers: replacing("Sec-WebSocket-Version", with: "130")), .unsupportedVersion),
            (request(headers: replacing("Sec-WebSocket-Key", with: nil)), .invalidKey),
            (request(headers: replacing("Sec-WebSocket-Key", with: "")), .invalidKey),
            (request(headers: replacing("Sec-WebSocket-Key", with: "dGhlIHNhbXBsZSBub25jZQ")), .invalidKey),
            (request(headers: replacing("Sec-WebSocket-Key", with: "dGhlIHNhbXBsZSBub25jZQ=A")), .invalidKey),
            (request(headers: replacing("Sec-WebSocket-Key", with: "dGhlIHNhbXBsZSBub25j*Q==")), .invalidKey),
            (request(headers: replacing("Sec-WebSocket-Key", with: "dGhlIHNhbXBsZSBub25jZSE=")), .invalidKey),
            (request(headers: replacing("Sec-WebSocket-Key", with: "dGhlIHNhbXBsZSBub25jZSEh")), .invalidKey),
        ]
        for (request, expected) in cases {
            #expect(throws: expected) { try WebSocketHandshake.accept(request, sha1: SHA1.digest) }
        }
        var twoKeys = Self.headers
        twoKeys.add("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")
        #expect(throws: WebSocketHandshakeError.invalidKey) {
            try WebSocketHandshake.accept(request(headers: twoKeys), sha1: SHA1.digest)
        }
    }

    @Test func rejectionResponses() {
        #expect(WebSocketHandshakeError.methodNotGet.status == 405)
        let response = WebSocketHandshakeError.unsupportedVersion.response
        #expect(response.status == 400)
        #expect(response.headers["Sec-WebSocket-Version"] == "13")
        #expect(response.body == Array("Bad Request".utf8))
        #expect(WebSocketHandshakeError.methodNotGet.response.body == Array("Method Not Allowed".utf8))
    }

    @Test func upgradeFromTheWireHandsOverTheFirstFrame() throws {
        let wire = "GET /ws?token=t HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        var parser = HTTPRequestParser()
        parser.feed(Array(wire.utf8) + [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        let request = try #require(try parser.next())
        #expect(request.isUpgrade)
        #expect(try WebSocketHandshake.accept(request, sha1: SHA1.digest).status == 101)
        var reader = WebSocketReader()
        reader.feed(parser.takeRemainingBytes())
        #expect(try reader.next() == .text("Hello"))
    }

    private func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

/// FIPS 180-4 SHA-1, so the handshake tests compute real accept values without a crypto dependency.
private enum SHA1 {
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) * 8
        for i in 0..<8 { padded.append(UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * i))) }
        var w = [UInt32](repeating: 0, count: 80)
        for block in stride(from: 0, to: padded.count, by: 64) {
            for t in 0..<16 {
                let j = block + 4 * t
                w[t] = UInt32(padded[j]) << 24 | UInt32(padded[j + 1]) << 16 | UInt32(padded[j + 2]) << 8 | UInt32(padded[j + 3])
            }
            for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch t {
                case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, temp)
            }
            h[0] &+= a
            h[1] &+= b
            h[2] &+= c
            h[3] &+= d
            h[4] &+= e
        }
        return h.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
    }

    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}
