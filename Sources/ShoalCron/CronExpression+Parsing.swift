extension CronExpression {
    /// The seven fields `sec min hour dom month dow year` of `text`, after expanding macros and the
    /// 5- and 6-field forms.
    static func fields(of text: String) throws(CronError) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        if words.count == 1, words[0].hasPrefix("@") {
            switch words[0].lowercased() {
            case "@yearly", "@annually": return ["0", "0", "0", "1", "1", "*", "*"]
            case "@monthly": return ["0", "0", "0", "1", "*", "*", "*"]
            case "@weekly": return ["0", "0", "0", "*", "*", "0", "*"]
            case "@daily", "@midnight": return ["0", "0", "0", "*", "*", "*", "*"]
            case "@hourly": return ["0", "0", "*", "*", "*", "*", "*"]
            case "@reboot": throw CronError(field: nil, text: text, reason: "@reboot has no time to schedule")
            default: throw CronError(field: nil, text: text, reason: "unknown macro")
            }
        }
        switch words.count {
        case 5: return ["0"] + words + ["*"]
        case 6: return ["0"] + words
        case 7: return words
        default: throw CronError(field: nil, text: text, reason: "expected 5, 6 or 7 fields, found \(words.count)")
        }
    }

    /// The values a plain field (second, minute, hour, month, year) allows.
    static func parseValues(_ text: String, field: CronError.Field) throws(CronError) -> CronValueSet {
        var set = CronValueSet(bounds: field.bounds)
        for entry in try entries(of: text, field: field) {
            _ = try insertRange(entry, field: field, into: &set)
        }
        return set
    }

    /// The day rule for a day-of-month and a day-of-week field.
    static func parseDays(dayOfMonth: String, dayOfWeek: String) throws(CronError) -> CronDayRule {
        var rule = CronDayRule()
        for entry in try entries(of: dayOfMonth, field: .dayOfMonth) {
            if entry == "l" {
                rule.lastDayOfMonth = true
            } else if entry == "lw" {
                rule.lastWeekdayOfMonth = true
            } else if entry.hasSuffix("w") {
                rule.nearestWeekdays.insert(try value(String(entry.dropLast()), of: entry, field: .dayOfMonth))
            } else if try insertRange(entry, field: .dayOfMonth, into: &rule.daysOfMonth) {
                rule.dayOfMonthRestricted = false
            }
        }
        for entry in try entries(of: dayOfWeek, field: .dayOfWeek) {
            if entry.hasSuffix("l") {
                rule.lastDaysOfWeek.insert(try value(String(entry.dropLast()), of: entry, field: .dayOfWeek) % 7)
            } else if let hash = entry.firstIndex(of: "#") {
                let day = try value(String(entry[..<hash]), of: entry, field: .dayOfWeek) % 7
                let week = try number(String(entry[entry.index(after: hash)...]), of: entry, field: .dayOfWeek)
                guard (1...5).contains(week) else {
                    throw CronError(field: .dayOfWeek, text: entry, reason: "week after '#' must be 1-5")
                }
                rule.nthDaysOfWeek.insert((week - 1) * 7 + day)
            } else if try insertRange(entry, field: .dayOfWeek, into: &rule.daysOfWeek) {
                rule.dayOfWeekRestricted = false
            }
        }
        return rule
    }

    /// The comma-separated entries of a field, lowercased.
    private static func entries(of text: String, field: CronError.Field) throws(CronError) -> [String] {
        let entries = text.lowercased().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for entry in entries where entry.isEmpty {
            throw CronError(field: field, text: text, reason: "empty list entry")
        }
        return entries
    }

    /// Inserts the values of one `*`, `?`, `v`, `a-b`, `*/n`, `a/n` or `a-b/n` entry; returns whether
    /// the entry was a bare wildcard (which leaves a day field unrestricted).
    private static func insertRange(_ entry: String, field: CronError.Field, into set: inout CronValueSet) throws(CronError) -> Bool {
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else {
            throw CronError(field: field, text: entry, reason: "more than one '/'")
        }
        var step = 1
        if parts.count == 2 {
            step = try number(parts[1], of: entry, field: field)
            guard (1...field.bounds.upperBound).contains(step) else {
                throw CronError(field: field, text: entry, reason: "step must be 1-\(field.bounds.upperBound)")
            }
        }
        let base = parts[0]
        let range: ClosedRange<Int>
        if base == "*" {
            range = field.bounds
        } else if base == "?" {
            guard field == .dayOfMonth || field == .dayOfWeek else {
                throw CronError(field: field, text: entry, reason: "'?' is allowed only in day-of-month and day-of-week")
            }
            guard parts.count == 1 else {
                throw CronError(field: field, text: entry, reason: "'?' takes no step")
            }
            range = field.bounds
        } else if let dash = base.firstIndex(of: "-") {
            let low = try value(String(base[..<dash]), of: entry, field: field)
            let high = try value(String(base[base.index(after: dash)...]), of: entry, field: field)
            guard low <= high else {
                throw CronError(field: field, text: entry, reason: "range start is after its end")
            }
            range = low...high
        } else {
            let low = try value(base, of: entry, field: field)
            range = parts.count == 2 ? (field == .dayOfWeek ? low % 7 : low)...field.bounds.upperBound : low...low
        }
        for candidate in stride(from: range.lowerBound, through: range.upperBound, by: step) {
            set.insert(field == .dayOfWeek ? candidate % 7 : candidate)
        }
        return parts.count == 1 && (base == "*" || base == "?")
    }

    /// A number or a month/day name, checked against the field's bounds (day-of-week also takes 7).
    private static func value(_ token: String, of entry: String, field: CronError.Field) throws(CronError) -> Int {
        let parsed: Int
        if let name = field.names[token] {
            parsed = name
        } else if token.first?.isNumber == true || token.isEmpty {
            parsed = try number(token, of: entry, field: field)
        } else {
            throw CronError(field: field, text: entry, reason: "unknown name '\(token)'")
        }
        let allowed = field == .dayOfWeek ? 0...7 : field.bounds
        guard allowed.contains(parsed) else {
            throw CronError(field: field, text: entry, reason: "\(parsed) is outside \(allowed.lowerBound)-\(allowed.upperBound)")
        }
        return parsed
    }

    /// A decimal number of at most four ASCII digits.
    private static func number(_ token: String, of entry: String, field: CronError.Field) throws(CronError) -> Int {
        guard !token.isEmpty, token.utf8.count <= 4, token.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let parsed = Int(token)
        else {
            throw CronError(field: field, text: entry, reason: token.isEmpty ? "missing number" : "'\(token)' is not a number")
        }
        return parsed
    }
}

extension CronError.Field {
    /// The values the field can match (day-of-week 0 = Sunday; the input 7 also means Sunday).
    var bounds: ClosedRange<Int> {
        switch self {
        case .second, .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...6
        case .year: 1970...2099
        }
    }

    /// Names accepted in place of numbers, lowercased.
    var names: [String: Int] {
        switch self {
        case .month:
            [
                "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
                "nov": 11, "dec": 12, "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
                "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
            ]
        case .dayOfWeek:
            [
                "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sunday": 0, "monday": 1,
                "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
            ]
        default: [:]
        }
    }
}
