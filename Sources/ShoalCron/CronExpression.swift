/// A parsed cron schedule, the one source of leaderboard and tournament reset times and of
/// `nk.cron_next`/`nk.cron_prev`, with the semantics of Nakama's copy of gorhill/cronexpr.
///
/// Forms: 5 fields `min hour dom month dow` (second 0, any year), 6 fields = those 5 plus a trailing
/// year, 7 fields `sec min hour dom month dow year`, or a macro (@yearly, @annually, @monthly,
/// @weekly, @daily, @midnight, @hourly). All evaluation is in UTC on Unix seconds; the clock is
/// always a parameter. Occurrences exist only in 1970…2099. `next` and `previous` are strict: an
/// instant that matches is neither its own next nor its own previous. Both search field by field
/// (year, month, day, hour, minute, second), so their cost is bounded by the number of field values,
/// not by the distance to the answer.
///
/// Where cronexpr silently matched nothing this type is stricter or follows Vixie cron: a range whose
/// start is after its end is an error, a day-of-week range may end at 7 (`5-7` is Friday to Sunday),
/// `?` is accepted only in the two day fields, and `@midnight` is accepted as `@daily`.
package struct CronExpression: Sendable, Equatable {
    /// 1970-01-01T00:00:00Z, the first instant an occurrence may fall on.
    static let firstInstant: Int64 = 0
    /// 2100-01-01T00:00:00Z, the first instant no occurrence may fall on.
    static let endInstant: Int64 = 4_102_444_800

    let seconds: CronValueSet
    let minutes: CronValueSet
    let hours: CronValueSet
    let days: CronDayRule
    let months: CronValueSet
    let years: CronValueSet

    package init(_ text: String) throws(CronError) {
        let fields = try Self.fields(of: text)
        seconds = try Self.parseValues(fields[0], field: .second)
        minutes = try Self.parseValues(fields[1], field: .minute)
        hours = try Self.parseValues(fields[2], field: .hour)
        days = try Self.parseDays(dayOfMonth: fields[3], dayOfWeek: fields[5])
        months = try Self.parseValues(fields[4], field: .month)
        years = try Self.parseValues(fields[6], field: .year)
    }

    /// The first matching instant strictly after `after` (Unix seconds); nil when none before 2100.
    package func next(after: Int64) -> Int64? {
        guard after < Self.endInstant - 1 else { return nil }
        var time = CivilTime(unixSeconds: max(after + 1, Self.firstInstant))
        while true {
            guard let year = years.first(from: time.year) else { return nil }
            if year != time.year {
                time = CivilTime(year: year, month: 1, day: 1, hour: 0, minute: 0, second: 0)
            }
            guard let month = months.first(from: time.month) else {
                time = CivilTime(year: time.year + 1, month: 1, day: 1, hour: 0, minute: 0, second: 0)
                continue
            }
            if month != time.month {
                time = CivilTime(year: time.year, month: month, day: 1, hour: 0, minute: 0, second: 0)
            }
            guard let day = days.days(year: time.year, month: time.month).first(from: time.day) else {
                time = CivilTime(year: time.year, month: time.month + 1, day: 1, hour: 0, minute: 0, second: 0)
                continue
            }
            if day != time.day {
                (time.day, time.hour, time.minute, time.second) = (day, 0, 0, 0)
            }
            guard let hour = hours.first(from: time.hour) else {
                (time.day, time.hour, time.minute, time.second) = (time.day + 1, 0, 0, 0)
                continue
            }
            if hour != time.hour {
                (time.hour, time.minute, time.second) = (hour, 0, 0)
            }
            guard let minute = minutes.first(from: time.minute) else {
                (time.hour, time.minute, time.second) = (time.hour + 1, 0, 0)
                continue
            }
            if minute != time.minute {
                (time.minute, time.second) = (minute, 0)
            }
            guard let second = seconds.first(from: time.second) else {
                (time.minute, time.second) = (time.minute + 1, 0)
                continue
            }
            time.second = second
            return time.unixSeconds
        }
    }

    /// The last matching instant strictly before `before` (Unix seconds); nil when none since 1970.
    package func previous(before: Int64) -> Int64? {
        guard before > Self.firstInstant else { return nil }
        var time = CivilTime(unixSeconds: min(before - 1, Self.endInstant - 1))
        while true {
            guard let year = years.last(through: time.year) else { return nil }
            if year != time.year {
                time = CivilTime(year: year, month: 12, day: 31, hour: 23, minute: 59, second: 59)
            }
            guard let month = months.last(through: time.month) else {
                time = CivilTime(year: time.year - 1, month: 12, day: 31, hour: 23, minute: 59, second: 59)
                continue
            }
            if month != time.month {
                time = CivilTime(year: time.year, month: month, day: 31, hour: 23, minute: 59, second: 59)
            }
            guard let day = days.days(year: time.year, month: time.month).last(through: time.day) else {
                time = CivilTime(year: time.year, month: time.month - 1, day: 31, hour: 23, minute: 59, second: 59)
                continue
            }
            if day != time.day {
                (time.day, time.hour, time.minute, time.second) = (day, 23, 59, 59)
            }
            guard let hour = hours.last(through: time.hour) else {
                (time.day, time.hour, time.minute, time.second) = (time.day - 1, 23, 59, 59)
                continue
            }
            if hour != time.hour {
                (time.hour, time.minute, time.second) = (hour, 59, 59)
            }
            guard let minute = minutes.last(through: time.minute) else {
                (time.hour, time.minute, time.second) = (time.hour - 1, 59, 59)
                continue
            }
            if minute != time.minute {
                (time.minute, time.second) = (minute, 59)
            }
            guard let second = seconds.last(through: time.second) else {
                (time.minute, time.second) = (time.minute - 1, 59)
                continue
            }
            time.second = second
            return time.unixSeconds
        }
    }
}
