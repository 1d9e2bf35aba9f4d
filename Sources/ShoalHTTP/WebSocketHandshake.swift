/// The server side of the RFC 6455 opening handshake, so the node turns a parsed upgrade request into
/// the 101 response (or a rejection) without knowing the header rules.
///
/// Pure: the SHA-1 digest comes in as a closure because ShoalHTTP does not import crypto. No
/// subprotocol or extension is negotiated (Nakama offers none), so frames with RSV bits stay errors.
/// Checks run in a fixed order — method, version, Connection, Upgrade, Sec-WebSocket-Version,
/// Sec-WebSocket-Key — and the first failure is reported.
package enum WebSocketHandshake {
    /// The GUID of RFC 6455 §1.3 appended to the client's key before hashing.
    private static let guid: StaticString = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// Validates an upgrade request and returns the 101 response, which the caller MUST serialise with
    /// `keepAlive: true` and follow with WebSocket frames only. `sha1` MUST return the 20-byte SHA-1 of
    /// its input.
    ///
    /// Token lists (`Connection: keep-alive, Upgrade`) are searched case-insensitively across every
    /// field of that name. The key must appear once and be 24 base64 characters ending in `==`.
    package static func accept(
        _ request: HTTPRequest, sha1: ([UInt8]) -> [UInt8]
    ) throws(WebSocketHandshakeError) -> HTTPResponse {
        guard request.method == "GET" else { throw .methodNotGet }
        guard request.versionMinor == 1 else { throw .notHTTP11 }
        guard listsToken(request.headers, "connection", "upgrade") else { throw .missingConnectionUpgrade }
        guard listsToken(request.headers, "upgrade", "websocket") else { throw .missingUpgradeWebSocket }
        guard listsToken(request.headers, "sec-websocket-version", "13") else { throw .unsupportedVersion }
        let keys = request.headers.values("Sec-WebSocket-Key")
        guard keys.count == 1, isValidKey(keys[0]) else { throw .invalidKey }

        var input = Array(keys[0].utf8)
        input.append(contentsOf: UnsafeBufferPointer(start: guid.utf8Start, count: guid.utf8CodeUnitCount))
        let digest = sha1(input)
        precondition(digest.count == 20, "sha1 must return 20 bytes")
        return HTTPResponse(status: 101, headers: [
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Accept": base64(digest),
        ])
    }

    /// Whether any field `name` holds `token` (lowercase) as an element of its comma-separated list.
    private static func listsToken(_ headers: HTTPHeaders, _ name: String, _ token: String) -> Bool {
        for (fieldName, value) in headers where ASCII.caseInsensitiveEquals(fieldName, name) {
            for element in value.utf8.split(separator: ASCII.comma) {
                var lo = element.startIndex
                var hi = element.endIndex
                while lo < hi, ASCII.isWhitespace(element[lo]) { lo = element.index(after: lo) }
                while hi > lo, ASCII.isWhitespace(element[element.index(before: hi)]) { hi = element.index(before: hi) }
                if element[lo..<hi].elementsEqual(token.utf8, by: { ASCII.lowercased($0) == $1 }) { return true }
            }
        }
        return false
    }

    /// 16 bytes in standard base64: 22 alphabet characters, then `==`.
    private static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard bytes.count == 24, bytes[22] == ASCII.equals, bytes[23] == ASCII.equals else { return false }
        return bytes[..<22].allSatisfy { base64Value($0) != nil }
    }

    private static func base64Value(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): b - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): b - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    /// Standard base64 with padding.
    private static func base64(_ bytes: [UInt8]) -> String {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let table = alphabet.utf8Start
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(table[Int(n >> 18 & 63)])
            out.append(table[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? table[Int(n >> 6 & 63)] : ASCII.equals)
            out.append(i + 2 < bytes.count ? table[Int(n & 63)] : ASCII.equals)
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
