/// A 128-bit UUID held as two words, so IDs are cheap to copy, hash and compare without Foundation.
///
/// Parses and prints the canonical lowercase 8-4-4-4-12 form that Nakama uses on the wire.
package struct UUIDValue: Hashable, Sendable, Comparable, CustomStringConvertible {
    package var high: UInt64
    package var low: UInt64

    package static let zero = UUIDValue(high: 0, low: 0)

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A random (version 4) UUID from the given generator.
    package static func random<G: RandomNumberGenerator>(using generator: inout G) -> UUIDValue {
        var high = generator.next() as UInt64
        var low = generator.next() as UInt64
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return UUIDValue(high: high, low: low)
    }

    /// Parses the canonical hyphenated form (either case); anything else is `nil`.
    package init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        var value: (UInt64, UInt64) = (0, 0)
        var nibbles = 0
        for (index, byte) in utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let nibble = UUIDValue.hexValue(byte) else { return nil }
            if nibbles < 16 {
                value.0 = (value.0 << 4) | UInt64(nibble)
            } else {
                value.1 = (value.1 << 4) | UInt64(nibble)
            }
            nibbles += 1
        }
        self.init(high: value.0, low: value.1)
    }

    package var description: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for index in 0..<32 {
            if index == 8 || index == 12 || index == 16 || index == 20 { out.append(UInt8(ascii: "-")) }
            let word = index < 16 ? high : low
            let shift = UInt64(60 - (index % 16) * 4)
            out.append(digits[Int((word >> shift) & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    package static func < (lhs: UUIDValue, rhs: UUIDValue) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
