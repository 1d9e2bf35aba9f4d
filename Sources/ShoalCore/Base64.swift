/// Base64 for JWT segments (URL alphabet, unpadded), Basic auth headers and Nakama's `bytes` fields.
///
/// Encoding picks the alphabet and whether to pad. Decoding is lenient the way Nakama's input is: it accepts
/// the standard and URL alphabets, with full padding or none; it rejects any other character, partial or
/// misplaced padding, and a length that cannot come from an encoding.
package enum Base64 {
    /// Which two symbols encode the values 62 and 63; the other 62 symbols are shared.
    package enum Alphabet: Sendable {
        /// RFC 4648 §4: `+` and `/`.
        case standard
        /// RFC 4648 §5: `-` and `_`.
        case url
    }

    private static let standardSymbols: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlSymbols: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let invalid: UInt8 = 0xFF
    /// Sextet value of every byte in either alphabet; `invalid` elsewhere.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, symbol) in standardSymbols.enumerated() { table[Int(symbol)] = UInt8(value) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    package static func encode(_ bytes: some Collection<UInt8>, alphabet: Alphabet = .standard, padding: Bool = true) -> String {
        let symbols = alphabet == .standard ? standardSymbols : urlSymbols
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            output.append(symbols[Int(first >> 2)])
            output.append(symbols[Int((first & 0x03) << 4 | (second ?? 0) >> 4)])
            if let second {
                output.append(symbols[Int((second & 0x0F) << 2 | (third ?? 0) >> 6)])
            } else if padding {
                output.append(UInt8(ascii: "="))
            }
            if let third {
                output.append(symbols[Int(third & 0x3F)])
            } else if padding {
                output.append(UInt8(ascii: "="))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The decoded bytes, or `nil` when `text` is not base64 in either alphabet.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var symbols = Array(text.utf8)
        if symbols.count % 4 == 0, symbols.last == UInt8(ascii: "=") {
            symbols.removeLast()
            if symbols.last == UInt8(ascii: "=") { symbols.removeLast() }
            guard symbols.count % 4 != 0 else { return nil }
        }
        guard symbols.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(symbols.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            let value = values[Int(symbol)]
            guard value != invalid else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}
