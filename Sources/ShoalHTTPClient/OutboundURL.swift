/// An absolute http or https URL split into what the client needs to connect and to write the
/// request line, so URL rules live in one pure place.
///
/// Accepted: `http://` or `https://` (scheme case-insensitive), a host name, IPv4 literal or IPv6
/// literal in brackets, an optional port 1–65535, then an optional path and query; a fragment is
/// dropped. Userinfo (`user@`), an empty host, other schemes and ASCII control characters fail.
/// Space and non-ASCII bytes in the path or query are percent-encoded.
struct OutboundURL: Equatable {
    var isTLS: Bool
    /// Host without brackets, as given to getaddrinfo and TLS name checks.
    var host: String
    var port: Int
    /// Origin-form request target: path plus `?query`, at least "/".
    var target: String
    /// The `Host` field value: host (bracketed if IPv6) plus `:port` when not the scheme's default.
    var hostField: String

    init(_ text: String) throws(HTTPClientError) {
        let invalid = HTTPClientError(.invalidRequest, "invalid url")
        var bytes = Array(text.utf8)[...]
        guard let schemeEnd = bytes.firstIndex(of: UInt8(ascii: ":")),
              bytes[schemeEnd...].starts(with: "://".utf8)
        else { throw invalid }
        let scheme = String(decoding: bytes[..<schemeEnd].map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
        switch scheme {
        case "http": isTLS = false
        case "https": isTLS = true
        default: throw invalid
        }
        bytes = bytes[(schemeEnd + 3)...]
        for b in bytes where b < 0x20 || b == 0x7F { throw invalid }
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) { bytes = bytes[..<hash] }

        let authorityEnd = bytes.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? bytes.endIndex
        let authority = bytes[..<authorityEnd]
        let defaultPort = isTLS ? 443 : 80
        var portText: ArraySlice<UInt8>?
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { throw invalid }
            let literal = authority[(authority.startIndex + 1)..<close]
            guard !literal.isEmpty,
                  literal.allSatisfy({ Self.isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { throw invalid }
            host = String(decoding: literal, as: UTF8.self)
            let rest = authority[(close + 1)...]
            if !rest.isEmpty {
                guard rest.first == UInt8(ascii: ":") else { throw invalid }
                portText = rest.dropFirst()
            }
        } else {
            let colon = authority.firstIndex(of: UInt8(ascii: ":")) ?? authority.endIndex
            let name = authority[..<colon]
            guard !name.isEmpty, name.allSatisfy(Self.isHostNameByte) else { throw invalid }
            host = String(decoding: name, as: UTF8.self)
            if colon < authority.endIndex { portText = authority[(colon + 1)...] }
        }
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
                throw invalid
            }
            port = portText.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard (1...65_535).contains(port) else { throw invalid }
        } else {
            port = defaultPort
        }

        let bracketed = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        hostField = port == defaultPort ? bracketed : "\(bracketed):\(port)"

        var encoded: [UInt8] = []
        let pathAndQuery = bytes[authorityEnd...]
        if pathAndQuery.first != UInt8(ascii: "/") { encoded.append(UInt8(ascii: "/")) }
        for b in pathAndQuery {
            if b == UInt8(ascii: " ") || b >= 0x80 {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(Self.hexDigits[Int(b >> 4)])
                encoded.append(Self.hexDigits[Int(b & 0x0F)])
            } else {
                encoded.append(b)
            }
        }
        target = String(decoding: encoded, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isHexDigit(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10 || (b | 0x20) &- UInt8(ascii: "a") < 6
    }

    /// Letters, digits, `-`, `.`, `_` and `~`: registered names after any IDNA conversion.
    private static func isHostNameByte(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10 || (b | 0x20) &- UInt8(ascii: "a") < 26
            || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~")
    }
}
