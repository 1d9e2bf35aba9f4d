/// Why a cron expression was rejected, so a caller (leaderboard or tournament creation, `nk.cron_next`)
/// can report the offending field to the client instead of scheduling nothing.
///
/// `field` is nil when the expression as a whole is malformed (wrong field count, unknown macro);
/// otherwise it names the field whose `text` could not be parsed. `description` is a one-line message
/// naming both.
package struct CronError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field of a cron expression, named as in error messages.
    package enum Field: String, Sendable, Equatable {
        case second
        case minute
        case hour
        case dayOfMonth = "day-of-month"
        case month
        case dayOfWeek = "day-of-week"
        case year
    }

    /// The field that failed to parse; nil for errors about the whole expression.
    package let field: Field?
    /// The offending text: a field entry, or the whole expression when `field` is nil.
    package let text: String
    /// What is wrong with `text`.
    package let reason: String

    package init(field: Field?, text: String, reason: String) {
        self.field = field
        self.text = text
        self.reason = reason
    }

    package var description: String {
        if let field {
            return "invalid cron \(field.rawValue) field '\(text)': \(reason)"
        }
        return "invalid cron expression '\(text)': \(reason)"
    }
}
