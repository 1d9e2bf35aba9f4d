/// A point in time as microseconds since the Unix epoch, UTC — the precision PostgreSQL stores.
///
/// Formats as RFC 3339 the way protojson does: fractional digits only when non-zero, in groups of 3 or 6.
package struct Timestamp: Hashable, Sendable, Comparable {
    package var microseconds: Int64

    package init(microseconds: Int64) { self.microseconds = microseconds }
    package init(seconds: Int64) { self.microseconds = seconds * 1_000_000 }

    package static let epoch = Timestamp(microseconds: 0)

    package var seconds: Int64 { microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000 }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// `2024-05-01T10:00:00Z`, `2024-05-01T10:00:00.120Z`, `2024-05-01T10:00:00.123456Z`.
    package var rfc3339: String {
        let secs = seconds
        let micros = Int(microseconds - secs * 1_000_000)
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let secondOfDay = Int(secs - days * 86_400)
        let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
        var out = Timestamp.pad(Int(year), 4) + "-" + Timestamp.pad(Int(month), 2) + "-" + Timestamp.pad(Int(day), 2)
        out += "T" + Timestamp.pad(secondOfDay / 3600, 2) + ":" + Timestamp.pad(secondOfDay / 60 % 60, 2)
        out += ":" + Timestamp.pad(secondOfDay % 60, 2)
        if micros != 0 {
            out += micros % 1000 == 0 ? "." + Timestamp.pad(micros / 1000, 3) : "." + Timestamp.pad(micros, 6)
        }
        return out + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
