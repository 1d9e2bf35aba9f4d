import ShoalAuth
import ShoalCore
import ShoalCrypto
import ShoalJSON
import ShoalLua

extension NakamaLibrary {
    /// JSON, base64/base16 and UUID conversions (runtime.md §2.3).
    static func encoding() -> [String: LuaHostFunction] {
        [
            "json_encode": { arguments in
                do {
                    return [LuaValue(JSONWriter.string(try LuaJSON.json(from: arguments.value(1)).sortedKeys()))]
                } catch {
                    throw fail("bad argument #1 to 'json_encode' (\(error))")
                }
            },
            "json_decode": { arguments in
                let text = try arguments.string(1)
                guard !text.isEmpty else { throw fail("bad argument #1 to 'json_decode' (expects JSON string)") }
                guard let value = try? JSONParser.parse(text) else {
                    throw fail("bad argument #1 to 'json_decode' (not a valid JSON string)")
                }
                return [LuaJSON.luaValue(from: value)]
            },
            "base64_encode": { arguments in
                [.string(Array(Base64.encode(try arguments.bytes(1), alphabet: .standard, padding: try arguments.optionalBool(2) ?? true).utf8))]
            },
            "base64_decode": { arguments in
                guard let bytes = Base64.decode(String(decoding: try arguments.bytes(1), as: UTF8.self)) else {
                    throw fail("bad argument #1 to 'base64_decode' (not valid base64 data)")
                }
                return [.string(bytes)]
            },
            "base64url_encode": { arguments in
                [.string(Array(Base64.encode(try arguments.bytes(1), alphabet: .url, padding: try arguments.optionalBool(2) ?? true).utf8))]
            },
            "base64url_decode": { arguments in
                guard let bytes = Base64.decode(String(decoding: try arguments.bytes(1), as: UTF8.self)) else {
                    throw fail("bad argument #1 to 'base64url_decode' (not valid base64 data)")
                }
                return [.string(bytes)]
            },
            "base16_encode": { arguments in
                let bytes = try arguments.bytes(1)
                guard !bytes.isEmpty else { throw fail("bad argument #1 to 'base16_encode' (expects string)") }
                return [LuaValue(Digest.hex(bytes))]
            },
            "base16_decode": { arguments in
                let text = try arguments.string(1)
                guard !text.isEmpty, let bytes = hexBytes(text) else {
                    throw fail("bad argument #1 to 'base16_decode' (not valid base16 data)")
                }
                return [.string(bytes)]
            },
            "uuid_v4": { _ in
                var generator = SystemRandomNumberGenerator()
                return [LuaValue(UUIDValue.random(using: &generator).description)]
            },
            "uuid_bytes_to_string": { arguments in
                let bytes = try arguments.bytes(1)
                guard bytes.count == 16 else { throw fail("bad argument #1 to 'uuid_bytes_to_string' (not a valid uuid)") }
                let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                return [LuaValue(UUIDValue(high: high, low: low).description)]
            },
            "uuid_string_to_bytes": { arguments in
                guard let uuid = UUIDValue(try arguments.string(1)) else {
                    throw fail("bad argument #1 to 'uuid_string_to_bytes' (not a valid uuid)")
                }
                var bytes: [UInt8] = []
                for word in [uuid.high, uuid.low] {
                    for shift in stride(from: 56, through: 0, by: -8) {
                        bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
                    }
                }
                return [.string(bytes)]
            },
        ]
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexDigit(digits[index]), let low = hexDigit(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 97...102: return byte - 87
        case 65...70: return byte - 55
        default: return nil
        }
    }
}

extension JSON {
    /// The same value with every object's keys in byte order: Nakama's `json_encode` sorts map keys.
    func sortedKeys() -> JSON {
        switch self {
        case .array(let items): return .array(items.map { $0.sortedKeys() })
        case .object(let object):
            return .object(JSONObject(object.keys.sorted().map { ($0, object[$0]!.sortedKeys()) }))
        default: return self
        }
    }
}
