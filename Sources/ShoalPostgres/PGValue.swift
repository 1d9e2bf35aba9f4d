/// A query parameter, so callers bind values instead of splicing them into SQL text.
///
/// Every case is sent to the server in text format with no declared type: the server infers the
/// type from context, or the SQL casts it (`$1::uuid`, `$1::jsonb`). `.bytes` is sent as bytea hex
/// (`\x0001ff`), so it MUST land in a `bytea` context. `.null` is SQL NULL.
package enum PGValue: Sendable, Equatable {
    case null
    case text(String)
    case int(Int64)
    case bool(Bool)
    case bytes([UInt8])
    case double(Double)

    /// The text-format representation libpq sends, or `nil` for SQL NULL.
    var textFormat: String? {
        switch self {
        case .null:
            return nil
        case .text(let value):
            return value
        case .int(let value):
            return String(value)
        case .bool(let value):
            return value ? "t" : "f"
        case .bytes(let value):
            return PGValue.byteaHex(value)
        case .double(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
            return String(value)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func byteaHex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(2 + bytes.count * 2)
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "x"))
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
