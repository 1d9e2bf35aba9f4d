/// Calendar arithmetic done the slow, obvious way (walking years and months, Sakamoto's weekday), so
/// tests check `ShoalCron` against a second, independent implementation instead of against itself.
enum NaiveCalendar {
    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return lengths[month - 1]
    }

    /// 0 = Sunday … 6 = Saturday.
    static func weekday(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    }

    /// Unix seconds of a UTC civil time (years from 1970 on).
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        var days = 0
        for y in 1970..<year { days += isLeap(y) ? 366 : 365 }
        for m in 1..<month { days += daysInMonth(year, m) }
        days += day - 1
        return Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
    }

    /// The UTC date of the day holding `unixSeconds`, found by walking whole years and months.
    static func date(of unixSeconds: Int64) -> (year: Int, month: Int, day: Int) {
        var days = Int(unixSeconds / 86_400)
        if unixSeconds % 86_400 < 0 { days -= 1 }
        var year = 1970
        while days < 0 {
            year -= 1
            days += isLeap(year) ? 366 : 365
        }
        while days >= (isLeap(year) ? 366 : 365) {
            days -= isLeap(year) ? 366 : 365
            year += 1
        }
        var month = 1
        while days >= daysInMonth(year, month) {
            days -= daysInMonth(year, month)
            month += 1
        }
        return (year, month, days + 1)
    }
}
