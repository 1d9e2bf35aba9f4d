/// The opaque cursor text of the social list calls: a kind tag and a few fields, each hex-encoded so any
/// text round-trips and a cursor from one list is never mistaken for another's.
///
/// Format: `<kind>.<hex field>.<hex field>…`. Decoding returns nil for anything this did not produce for
/// the same kind and field count, which callers answer with INVALID_ARGUMENT.
package struct ListCursor: Sendable, Hashable {
    package var kind: String
    package var fields: [String]

    package init(kind: String, fields: [String]) {
        self.kind = kind
        self.fields = fields
    }

    package var encoded: String {
        ([kind] + fields.map(ListCursor.hex)).joined(separator: ".")
    }

    package init?(decoding text: String, kind: String, fieldCount: Int) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == fieldCount + 1, parts[0] == kind else { return nil }
        var fields: [String] = []
        for part in parts.dropFirst() {
            guard let field = ListCursor.unhex(part) else { return nil }
            fields.append(field)
        }
        self.init(kind: kind, fields: fields)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex(_ text: Substring) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var index = 0
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
