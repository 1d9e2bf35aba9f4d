/// The codec of realtime `bytes` fields (`match_data_send.data`, `match_data.data`), kept in this module
/// because `ShoalProtocol` sits below the crypto and auth layers.
///
/// Encoding is protojson's: standard alphabet, padded. Decoding accepts what protojson accepts: the
/// standard or URL alphabet, padded or not; it rejects other characters, misplaced padding and lengths
/// no encoding produces.
enum RealtimeBase64 {
    private static let symbols: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let invalid: UInt8 = 0xFF
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, symbol) in symbols.enumerated() { table[Int(symbol)] = UInt8(value) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let first = bytes[index]
            let second: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            let third: UInt8? = index + 2 < bytes.count ? bytes[index + 2] : nil
            output.append(symbols[Int(first >> 2)])
            output.append(symbols[Int((first & 0x03) << 4 | (second ?? 0) >> 4)])
            output.append(second.map { symbols[Int(($0 & 0x0F) << 2 | (third ?? 0) >> 6)] } ?? UInt8(ascii: "="))
            output.append(third.map { symbols[Int($0 & 0x3F)] } ?? UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The decoded bytes, or nil when `text` is not base64 in either alphabet.
    static func decode(_ text: String) -> [UInt8]? {
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
