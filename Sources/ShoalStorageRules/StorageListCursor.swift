/// The opaque `cursor` of a storage list: the last returned object's position in listing order
/// (read, key, user id), bound to the collection and scope it was issued for.
///
/// Encoded as lowercase hex of length-prefixed fields, so any key round-trips. A cursor that does not
/// decode, or was issued for another collection or scope, is `StorageRejection.invalidCursor`.
package struct StorageListCursor: Sendable, Equatable {
    package var collection: String
    package var scope: StorageListScope
    package var read: Int
    package var key: String
    package var userID: String

    package init(collection: String, scope: StorageListScope, read: Int, key: String, userID: String) {
        self.collection = collection
        self.scope = scope
        self.read = read
        self.key = key
        self.userID = userID
    }

    private static let tag = "s1"
    private static let hexDigits = Array("0123456789abcdef".utf8)

    package var encoded: String {
        let fields = [
            StorageListCursor.tag, collection, scope.owner.map { "+" + $0 } ?? "-", String(scope.minimumRead),
            String(read), key, userID,
        ]
        var bytes: [UInt8] = []
        for field in fields {
            bytes += Array(String(field.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes += Array(field.utf8)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(StorageListCursor.hexDigits[Int(byte >> 4)])
            out.append(StorageListCursor.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The position to continue after; nil for an empty cursor (the first page).
    package static func decode(_ text: String, collection: String, scope: StorageListScope)
        throws(StorageRejection) -> StorageListCursor?
    {
        if text.isEmpty { return nil }
        guard let bytes = hexDecoded(text), let fields = fields(bytes), fields.count == 7, fields[0] == tag,
            let minimumRead = Int(fields[3]), let read = Int(fields[4])
        else { throw .invalidCursor }
        let owner: String?
        switch fields[2].first {
        case "-" where fields[2].count == 1: owner = nil
        case "+": owner = String(fields[2].dropFirst())
        default: throw .invalidCursor
        }
        let cursor = StorageListCursor(
            collection: fields[1], scope: StorageListScope(owner: owner, minimumRead: minimumRead), read: read,
            key: fields[5], userID: fields[6])
        guard cursor.collection == collection, cursor.scope == scope else { throw .invalidCursor }
        return cursor
    }

    private static func hexDecoded(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// `len:bytes` fields back to strings; nil when the framing or the UTF-8 is broken.
    private static func fields(_ bytes: [UInt8]) -> [String]? {
        var out: [String] = []
        var index = 0
        while index < bytes.count {
            var length = 0
            var digits = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
                let digit = bytes[index]
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9"), digits < 6 else { return nil }
                length = length * 10 + Int(digit - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            guard digits > 0, index < bytes.count, bytes.count - index - 1 >= length else { return nil }
            index += 1
            let slice = bytes[index..<(index + length)]
            guard let text = String(validating: slice, as: UTF8.self) else { return nil }
            out.append(text)
            index += length
        }
        return out
    }
}
