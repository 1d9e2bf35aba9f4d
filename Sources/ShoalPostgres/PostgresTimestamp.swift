import ShoalCore

/// Reads PostgreSQL's ISO text output of `date`, `timestamp` and `timestamptz`
/// (`2024-05-01`, `2024-05-01 10:00:00.123456`, `2024-05-01 10:00:00+02`, `…+05:30`) as Unix seconds.
/// `timestamp` without a zone is taken as UTC.
package enum PostgresTimestamp {
    package static func unixSeconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int64? {
            guard index + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<digits {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2)
        else { return nil }
        var seconds = CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86_400
        guard index < bytes.count else { return seconds }
        guard expect(UInt8(ascii: " ")) || expect(UInt8(ascii: "T")), let hour = number(2),
            expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")), let second = number(2)
        else { return nil }
        seconds += hour * 3600 + minute * 60 + second
        if expect(UInt8(ascii: ".")) {
            while index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 { index += 1 }
        }
        guard index < bytes.count else { return seconds }
        let sign: Int64
        if expect(UInt8(ascii: "+")) { sign = 1 } else if expect(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let offsetHours = number(2) else { return nil }
        var offset = offsetHours * 3600
        if expect(UInt8(ascii: ":")) {
            guard let offsetMinutes = number(2) else { return nil }
            offset += offsetMinutes * 60
        }
        guard index == bytes.count else { return nil }
        return seconds - sign * offset
    }
}
