/// One result row with its values copied out of the `PGresult`, so it outlives the result and
/// can cross threads.
///
/// Values are the server's text output. Accessors return nil for SQL NULL, for a column index out
/// of range, and for text that does not parse as the requested type.
package struct PGRow: Sendable {
    let values: [String?]
    let columns: PGColumns

    package var count: Int { values.count }

    package func isNull(_ column: Int) -> Bool {
        string(column) == nil
    }

    package func string(_ column: Int) -> String? {
        guard values.indices.contains(column) else { return nil }
        return values[column]
    }

    /// int2/int4/int8 (or any integer text).
    package func int(_ column: Int) -> Int64? {
        string(column).flatMap { Int64($0) }
    }

    /// bool, whose text output is "t" or "f".
    package func bool(_ column: Int) -> Bool? {
        switch string(column) {
        case "t": return true
        case "f": return false
        default: return nil
        }
    }

    /// float4/float8/numeric text, including "NaN", "Infinity" and "-Infinity".
    package func double(_ column: Int) -> Double? {
        guard let text = string(column) else { return nil }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    /// bytea in the server's default hex output (`\x…`).
    package func bytes(_ column: Int) -> [UInt8]? {
        guard let text = string(column) else { return nil }
        return PGRow.decodeByteaHex(text)
    }

    /// The index of the column named `name`, or nil.
    package subscript(_ name: String) -> Int? {
        columns.index[name]
    }

    static func decodeByteaHex(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"),
              utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity((utf8.count - 2) / 2)
        var i = 2
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Column names and type OIDs of one result, shared by all its rows.
final class PGColumns: Sendable {
    let names: [String]
    let types: [UInt32]
    let index: [String: Int]

    init(names: [String], types: [UInt32] = []) {
        self.names = names
        self.types = types
        var index = [String: Int]()
        for (i, name) in names.enumerated() where index[name] == nil {
            index[name] = i
        }
        self.index = index
    }
}
