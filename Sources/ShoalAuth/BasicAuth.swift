import ShoalCore

/// Reads the key out of `Authorization: Basic base64(key:anything)`, how clients present the server key
/// and servers present the runtime HTTP key.
///
/// Only the part before the first `:` matters (SDKs send an empty password). The scheme is matched
/// case-insensitively; the credentials may use either base64 alphabet. Missing colon, bad base64 or
/// non-UTF-8 credentials give `nil`.
package enum BasicAuth {
    package static func username(fromHeader value: String) -> String? {
        let trimmed = value.utf8.drop { $0 == 0x20 || $0 == 0x09 }
        guard trimmed.count > 6 else { return nil }
        let scheme = trimmed.prefix(5)
        guard scheme.elementsEqual("basic".utf8, by: { $0 | 0x20 == $1 }),
              let separator = trimmed.dropFirst(5).first, separator == 0x20 || separator == 0x09 else { return nil }
        var encoded = Array(trimmed.dropFirst(6).drop { $0 == 0x20 || $0 == 0x09 })
        while let last = encoded.last, last == 0x20 || last == 0x09 { encoded.removeLast() }
        guard let decoded = Base64.decode(String(decoding: encoded, as: UTF8.self)),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let username = String(decoding: decoded[..<colon], as: UTF8.self)
        // Decoding repairs invalid UTF-8; a repaired name is not what the client sent.
        return username.utf8.elementsEqual(decoded[..<colon]) ? username : nil
    }
}
