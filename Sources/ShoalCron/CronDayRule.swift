/// The day-of-month and day-of-week fields together, because cron decides "does this day match" from
/// both at once: the rule turns them into the concrete days of one month.
///
/// Contract (Vixie cron, as Nakama's cronexpr): when both fields are restricted (neither is a bare
/// `*`/`?`) a day matches if either matches; when one is restricted only it decides; when neither is,
/// every day matches. `W` never crosses a month boundary, and entries naming days past the end of
/// a month (`31`, `31W`, `5#5`) match nothing in that month.
struct CronDayRule: Sendable, Equatable {
    var dayOfMonthRestricted = true
    var dayOfWeekRestricted = true
    /// Plain days of the month, 1…31.
    var daysOfMonth = CronValueSet(bounds: 1...31)
    /// `L` in the day-of-month field.
    var lastDayOfMonth = false
    /// `LW` in the day-of-month field.
    var lastWeekdayOfMonth = false
    /// `NW` entries: the weekday nearest to day N.
    var nearestWeekdays = CronValueSet(bounds: 1...31)
    /// Plain days of the week, 0 = Sunday … 6 = Saturday.
    var daysOfWeek = CronValueSet(bounds: 0...6)
    /// `DL` entries: the last weekday D of the month.
    var lastDaysOfWeek = CronValueSet(bounds: 0...6)
    /// `D#K` entries, encoded as `(K - 1) * 7 + D`.
    var nthDaysOfWeek = CronValueSet(bounds: 0...34)

    /// The days of `month` in `year` that this rule matches.
    func days(year: Int, month: Int) -> CronValueSet {
        let length = CivilTime.daysInMonth(year: year, month: month)
        guard dayOfMonthRestricted || dayOfWeekRestricted else { return .full(1...length) }
        var result = CronValueSet(bounds: 1...31)
        let firstWeekday = CivilTime.weekday(year: year, month: month, day: 1)
        func weekday(_ day: Int) -> Int { (firstWeekday + day - 1) % 7 }
        func nearestWeekday(to day: Int) -> Int {
            switch weekday(day) {
            case 6: day > 1 ? day - 1 : day + 2
            case 0: day < length ? day + 1 : day - 2
            default: day
            }
        }
        if dayOfMonthRestricted {
            for day in 1...length {
                if daysOfMonth.contains(day) { result.insert(day) }
                if nearestWeekdays.contains(day) { result.insert(nearestWeekday(to: day)) }
            }
            if lastDayOfMonth { result.insert(length) }
            if lastWeekdayOfMonth { result.insert(nearestWeekday(to: length)) }
        }
        if dayOfWeekRestricted {
            for day in 1...length {
                let dayOfWeek = weekday(day)
                let week = (day - 1) / 7
                if daysOfWeek.contains(dayOfWeek)
                    || nthDaysOfWeek.contains(week * 7 + dayOfWeek)
                    || (day + 7 > length && lastDaysOfWeek.contains(dayOfWeek))
                {
                    result.insert(day)
                }
            }
        }
        return result
    }
}
