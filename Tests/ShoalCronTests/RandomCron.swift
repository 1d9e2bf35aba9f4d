/// A seeded random cron expression paired with a model of what it matches, built term by term with
/// plain loops, so property tests can compare `CronExpression` with a brute-force scan.
struct RandomCron {
    private enum DayOfMonthTerm {
        case wildcard
        case days([Int])
        case last
        case lastWeekday
        case nearestWeekday(Int)
    }

    private enum DayOfWeekTerm {
        case wildcard
        case weekdays([Int])
        case last(Int)
        case nth(Int, week: Int)
    }

    let text: String
    private let seconds: Set<Int>
    private let minutes: Set<Int>
    private let hours: Set<Int>
    private let months: Set<Int>
    private let years: Set<Int>
    private let dayOfMonthTerms: [DayOfMonthTerm]
    private let dayOfWeekTerms: [DayOfWeekTerm]

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    init(using rng: inout SplitMix64) {
        let secondField = Self.plainField(bounds: 0...59, using: &rng)
        let minuteField = Self.plainField(bounds: 0...59, using: &rng)
        let hourField = Self.plainField(bounds: 0...23, using: &rng)
        let monthField = Self.plainField(bounds: 1...12, names: Self.monthNames, using: &rng)
        let yearField = Self.plainField(bounds: 1970...2099, picks: 2015...2040, maxStep: 12, using: &rng)
        let dayOfMonth = Self.dayOfMonthField(using: &rng)
        let dayOfWeek = Self.dayOfWeekField(using: &rng)

        let form = Int.random(in: 0..<5, using: &rng)
        let core = [minuteField.text, hourField.text, dayOfMonth.text, monthField.text, dayOfWeek.text]
        switch form {
        case 0, 1, 2:
            text = core.joined(separator: " ")
            seconds = [0]
            years = Set(1970...2099)
        case 3:
            text = (core + [yearField.text]).joined(separator: " ")
            seconds = [0]
            years = yearField.values
        default:
            text = ([secondField.text] + core + [yearField.text]).joined(separator: " ")
            seconds = secondField.values
            years = yearField.values
        }
        minutes = minuteField.values
        hours = hourField.values
        months = monthField.values
        dayOfMonthTerms = dayOfMonth.terms
        dayOfWeekTerms = dayOfWeek.terms
    }

    // MARK: Model

    func dayMatches(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        guard years.contains(year), months.contains(month) else { return false }
        let anyDayOfMonth = dayOfMonthTerms.contains { if case .wildcard = $0 { true } else { false } }
        let anyDayOfWeek = dayOfWeekTerms.contains { if case .wildcard = $0 { true } else { false } }
        if anyDayOfMonth && anyDayOfWeek { return true }
        let length = NaiveCalendar.daysInMonth(year, month)
        let weekday = NaiveCalendar.weekday(year, month, day)
        let byDayOfMonth = !anyDayOfMonth && dayOfMonthTerms.contains { term in
            switch term {
            case .wildcard: false
            case .days(let days): days.contains(day)
            case .last: day == length
            case .lastWeekday: day == Self.closestWeekday(to: length, year, month)
            case .nearestWeekday(let target): target <= length && day == Self.closestWeekday(to: target, year, month)
            }
        }
        let byDayOfWeek = !anyDayOfWeek && dayOfWeekTerms.contains { term in
            switch term {
            case .wildcard: false
            case .weekdays(let weekdays): weekdays.contains(weekday)
            case .last(let target): weekday == target && day + 7 > length
            case .nth(let target, let week): weekday == target && (day - 1) / 7 + 1 == week
            }
        }
        return byDayOfMonth || byDayOfWeek
    }

    /// The first matching instant after `after` found by walking days, then every allowed second of a
    /// matching day in order; `horizon` is where the walk stopped when it found nothing.
    func scanForward(after: Int64, days: Int) -> (found: Int64?, horizon: Int64) {
        let start = max(after + 1, 0)
        var dayStart = start - ((start % 86_400) + 86_400) % 86_400
        var (year, month, day) = NaiveCalendar.date(of: dayStart)
        for _ in 0..<days {
            if year > 2099 { return (nil, Int64.max) }
            if dayMatches(year, month, day) {
                for hour in 0..<24 where hours.contains(hour) {
                    for minute in 0..<60 where minutes.contains(minute) {
                        for second in 0..<60 where seconds.contains(second) {
                            let instant = dayStart + Int64(hour * 3_600 + minute * 60 + second)
                            if instant >= start { return (instant, instant) }
                        }
                    }
                }
            }
            dayStart += 86_400
            day += 1
            if day > NaiveCalendar.daysInMonth(year, month) { (day, month) = (1, month + 1) }
            if month > 12 { (month, year) = (1, year + 1) }
        }
        return (nil, dayStart)
    }

    /// The last matching instant before `before`, walking days backwards; `horizon` is the earliest
    /// instant the walk covered when it found nothing.
    func scanBackward(before: Int64, days: Int) -> (found: Int64?, horizon: Int64) {
        let start = min(before - 1, 4_102_444_799)
        var dayStart = start - ((start % 86_400) + 86_400) % 86_400
        var (year, month, day) = NaiveCalendar.date(of: dayStart)
        for _ in 0..<days {
            if year < 1970 { return (nil, Int64.min) }
            if dayMatches(year, month, day) {
                for hour in (0..<24).reversed() where hours.contains(hour) {
                    for minute in (0..<60).reversed() where minutes.contains(minute) {
                        for second in (0..<60).reversed() where seconds.contains(second) {
                            let instant = dayStart + Int64(hour * 3_600 + minute * 60 + second)
                            if instant <= start { return (instant, instant) }
                        }
                    }
                }
            }
            dayStart -= 86_400
            day -= 1
            if day == 0 {
                month -= 1
                if month == 0 { (month, year) = (12, year - 1) }
                day = NaiveCalendar.daysInMonth(year, month)
            }
        }
        return (nil, dayStart + 86_400)
    }

    func matches(_ instant: Int64) -> Bool {
        guard instant >= 0 else { return false }
        let date = NaiveCalendar.date(of: instant)
        let secondOfDay = Int(instant - NaiveCalendar.utc(date.year, date.month, date.day))
        return dayMatches(date.year, date.month, date.day) && hours.contains(secondOfDay / 3_600)
            && minutes.contains(secondOfDay % 3_600 / 60) && seconds.contains(secondOfDay % 60)
    }

    /// The weekday (Monday–Friday) of the month closest to `target`.
    private static func closestWeekday(to target: Int, _ year: Int, _ month: Int) -> Int {
        let length = NaiveCalendar.daysInMonth(year, month)
        for distance in 0...3 {
            for candidate in [target - distance, target + distance] where (1...length).contains(candidate) {
                if (1...5).contains(NaiveCalendar.weekday(year, month, candidate)) { return candidate }
            }
        }
        preconditionFailure("every month has a weekday within three days of any day")
    }

    // MARK: Generation

    /// A `*` or a list of 1–3 terms of the plain kinds, with the values it allows.
    private static func plainField(
        bounds: ClosedRange<Int>, picks: ClosedRange<Int>? = nil, maxStep: Int? = nil, names: [String]? = nil,
        using rng: inout SplitMix64
    ) -> (text: String, values: Set<Int>) {
        if Int.random(in: 0..<10, using: &rng) < 4 { return ("*", Set(bounds)) }
        var texts: [String] = []
        var values = Set<Int>()
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let term = plainTerm(
                bounds: bounds, rawBounds: picks ?? bounds, maxStep: maxStep ?? bounds.upperBound, names: names,
                using: &rng
            )
            texts.append(term.text)
            values.formUnion(term.values)
        }
        return (texts.joined(separator: ","), values)
    }

    /// One `v`, `a-b`, `*/s`, `a/s` or `a-b/s` term; `rawBounds` are the numbers it may spell
    /// (7 for Sunday in day-of-week) and values are reduced modulo 7 when `bounds` is 0…6.
    private static func plainTerm(
        bounds: ClosedRange<Int>, rawBounds: ClosedRange<Int>, maxStep: Int, names: [String]?,
        using rng: inout SplitMix64
    ) -> (text: String, values: Set<Int>) {
        func spell(_ value: Int) -> String {
            guard let names, Bool.random(using: &rng), bounds.contains(value) else { return String(value) }
            let name = names[value - bounds.lowerBound]
            return Bool.random(using: &rng) ? name.uppercased() : name
        }
        let isWeekday = bounds == 0...6
        let step = Int.random(in: 1...maxStep, using: &rng)
        let a = Int.random(in: rawBounds, using: &rng)
        let b = Int.random(in: a...rawBounds.upperBound, using: &rng)
        let raw: [Int]
        let text: String
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            (text, raw) = (spell(a), [a])
        case 1:
            (text, raw) = ("\(spell(a))-\(spell(b))", Array(a...b))
        case 2:
            (text, raw) = ("*/\(step)", bounds.filter { ($0 - bounds.lowerBound) % step == 0 })
        case 3:
            let from = isWeekday ? a % 7 : a
            (text, raw) = ("\(spell(a))/\(step)", bounds.filter { $0 >= from && ($0 - from) % step == 0 })
        default:
            (text, raw) = ("\(spell(a))-\(spell(b))/\(step)", (a...b).filter { ($0 - a) % step == 0 })
        }
        return (text, Set(raw.map { isWeekday ? $0 % 7 : $0 }))
    }

    private static func dayOfMonthField(using rng: inout SplitMix64) -> (text: String, terms: [DayOfMonthTerm]) {
        if Bool.random(using: &rng) { return (Bool.random(using: &rng) ? "*" : "?", [.wildcard]) }
        var texts: [String] = []
        var terms: [DayOfMonthTerm] = []
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0:
                texts.append(Bool.random(using: &rng) ? "L" : "l")
                terms.append(.last)
            case 1:
                texts.append("LW")
                terms.append(.lastWeekday)
            case 2, 3:
                let day = Int.random(in: 1...31, using: &rng)
                texts.append("\(day)W")
                terms.append(.nearestWeekday(day))
            default:
                let term = plainTerm(bounds: 1...31, rawBounds: 1...31, maxStep: 31, names: nil, using: &rng)
                texts.append(term.text)
                terms.append(.days(Array(term.values)))
            }
        }
        return (texts.joined(separator: ","), terms)
    }

    private static func dayOfWeekField(using rng: inout SplitMix64) -> (text: String, terms: [DayOfWeekTerm]) {
        if Bool.random(using: &rng) { return (Bool.random(using: &rng) ? "*" : "?", [.wildcard]) }
        var texts: [String] = []
        var terms: [DayOfWeekTerm] = []
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            let weekday = Int.random(in: 0...7, using: &rng)
            let spelled = weekday < 7 && Bool.random(using: &rng) ? weekdayNames[weekday] : String(weekday)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0, 1:
                texts.append("\(spelled)L")
                terms.append(.last(weekday % 7))
            case 2, 3:
                let week = Int.random(in: 1...5, using: &rng)
                texts.append("\(spelled)#\(week)")
                terms.append(.nth(weekday % 7, week: week))
            default:
                let term = plainTerm(bounds: 0...6, rawBounds: 0...7, maxStep: 6, names: weekdayNames, using: &rng)
                texts.append(term.text)
                terms.append(.weekdays(Array(term.values)))
            }
        }
        return (texts.joined(separator: ","), terms)
    }
}
