import Testing
@testable import ShoalCron

private func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
    NaiveCalendar.utc(year, month, day, hour, minute, second)
}

@Suite struct CronExpressionTests {
    @Test func naiveCalendarAgreesWithKnownUnixTimes() {
        #expect(utc(1970, 1, 1) == 0)
        #expect(utc(2024, 2, 29) == 1_709_164_800)
        #expect(utc(2099, 1, 1) == 4_070_908_800)
        #expect(NaiveCalendar.weekday(2024, 5, 1) == 3)
    }

    @Test(arguments: [
        // Leap days and month ends.
        ("0 0 29 2 *", utc(2023, 3, 1), utc(2024, 2, 29)),
        ("0 0 29 2 *", utc(2024, 2, 29), utc(2028, 2, 29)),
        ("0 0 29 2 *", utc(2096, 2, 29), nil),
        ("0 0 31 * *", utc(2024, 4, 1), utc(2024, 5, 31)),
        ("0 0 31 * *", utc(2024, 1, 31), utc(2024, 3, 31)),
        ("0 0 30 2 *", utc(2024, 1, 1), nil),
        ("0 0 * 2 *", utc(2023, 2, 28), utc(2024, 2, 1)),
        // Steps, ranges, lists and names.
        ("*/15 * * * *", utc(2024, 5, 1, 10, 7, 30), utc(2024, 5, 1, 10, 15)),
        ("*/15 * * * *", utc(2024, 12, 31, 23, 45), utc(2025, 1, 1)),
        ("5/20 * * * *", utc(2024, 5, 1, 10, 45), utc(2024, 5, 1, 11, 5)),
        ("10-30/10 * * * *", utc(2024, 5, 1, 10, 20), utc(2024, 5, 1, 10, 30)),
        ("10-30/10 * * * *", utc(2024, 5, 1, 10, 30), utc(2024, 5, 1, 11, 10)),
        ("0 0 */10 * *", utc(2024, 5, 1), utc(2024, 5, 11)),
        ("0 0 1 jan,Jul *", utc(2024, 1, 1), utc(2024, 7, 1)),
        ("0 0 1 JANUARY-feb *", utc(2024, 1, 1), utc(2024, 2, 1)),
        ("0 12 * * MON-FRI", utc(2024, 5, 4), utc(2024, 5, 6, 12)),
        ("0 12 * * mon-fri", utc(2024, 5, 6, 12), utc(2024, 5, 7, 12)),
        ("0 0 * * 7", utc(2024, 5, 1), utc(2024, 5, 5)),
        ("0 0 * * 5-7", utc(2024, 5, 4), utc(2024, 5, 5)),
        ("0 0 ? * 3", utc(2024, 5, 1), utc(2024, 5, 8)),
        // Day-of-month OR day-of-week when both are restricted.
        ("0 0 1 * 1", utc(2024, 5, 1), utc(2024, 5, 6)),
        ("0 0 1 * 1", utc(2024, 5, 27), utc(2024, 6, 1)),
        ("0 0 13 * 5", utc(2024, 9, 1), utc(2024, 9, 6)),
        ("0 0 13 * fri", utc(2024, 9, 6), utc(2024, 9, 13)),
        // L, W, LW and #.
        ("0 0 L * *", utc(2024, 2, 1), utc(2024, 2, 29)),
        ("0 0 L * *", utc(2023, 2, 1), utc(2023, 2, 28)),
        ("0 0 l * *", utc(2024, 4, 30), utc(2024, 5, 31)),
        ("0 0 * * 5L", utc(2024, 5, 1), utc(2024, 5, 31)),
        ("0 0 * * FRIL", utc(2024, 5, 31), utc(2024, 6, 28)),
        ("0 0 15W * *", utc(2024, 6, 1), utc(2024, 6, 14)),
        ("0 0 15W * *", utc(2024, 9, 1), utc(2024, 9, 16)),
        ("0 0 1W * *", utc(2024, 5, 31), utc(2024, 6, 3)),
        ("0 0 LW * *", utc(2024, 8, 1), utc(2024, 8, 30)),
        ("0 0 lw * *", utc(2024, 3, 1), utc(2024, 3, 29)),
        ("0 0 31W * *", utc(2024, 8, 1), utc(2024, 8, 30)),
        ("0 0 31W * *", utc(2024, 8, 30), utc(2024, 10, 31)),
        ("0 0 * * 5#2", utc(2024, 5, 1), utc(2024, 5, 10)),
        ("0 0 * * 1#5", utc(2024, 2, 1), utc(2024, 4, 29)),
        ("0 0 * * 1#5", utc(2024, 7, 29), utc(2024, 9, 30)),
        // Seconds and years.
        ("30 15 10 * * * *", utc(2024, 5, 1, 10, 15, 30), utc(2024, 5, 2, 10, 15, 30)),
        ("30 15 10 * * * *", utc(2024, 5, 1, 10, 15, 29), utc(2024, 5, 1, 10, 15, 30)),
        ("*/20 * * * * * *", utc(2024, 5, 1, 10, 15, 41), utc(2024, 5, 1, 10, 16)),
        ("0 0 1 1 * 2030", utc(2024, 5, 1), utc(2030, 1, 1)),
        ("0 0 1 1 * 2030", utc(2030, 1, 1), nil),
        ("0 0 0 1 1 * 2025-2027", utc(2025, 6, 1), utc(2026, 1, 1)),
        ("0 0 0 1 1 * 2025-2027", utc(2027, 1, 1), nil),
        // Macros.
        ("@hourly", utc(2024, 5, 1, 10), utc(2024, 5, 1, 11)),
        ("@daily", utc(2024, 5, 1, 10), utc(2024, 5, 2)),
        ("@midnight", utc(2024, 5, 1), utc(2024, 5, 2)),
        ("@weekly", utc(2024, 5, 5), utc(2024, 5, 12)),
        ("@monthly", utc(2024, 12, 15), utc(2025, 1, 1)),
        ("@yearly", utc(2024, 1, 1), utc(2025, 1, 1)),
        ("@ANNUALLY", utc(2024, 1, 1), utc(2025, 1, 1)),
        // The 1970…2099 window and extreme inputs.
        ("* * * * *", -100, 0),
        ("* * * * *", Int64.min, 0),
        ("* * * * *", utc(2099, 12, 31, 23, 59), nil),
        ("* * * * *", Int64.max, nil),
    ] as [(String, Int64, Int64?)])
    func nextOccurrence(_ text: String, _ after: Int64, _ expected: Int64?) throws {
        let expression = try CronExpression(text)
        #expect(expression.next(after: after) == expected)
    }

    @Test(arguments: [
        ("0 0 29 2 *", utc(2024, 2, 29), utc(2020, 2, 29)),
        ("0 0 29 2 *", utc(2024, 2, 29, 0, 0, 1), utc(2024, 2, 29)),
        ("0 0 29 2 *", utc(1972, 2, 29), nil),
        ("0 0 31 * *", utc(2024, 5, 1), utc(2024, 3, 31)),
        ("0 0 L * *", utc(2024, 3, 15), utc(2024, 2, 29)),
        ("0 0 * * 5L", utc(2024, 6, 1), utc(2024, 5, 31)),
        ("0 0 15W * *", utc(2024, 9, 20), utc(2024, 9, 16)),
        ("0 0 * * 1#5", utc(2024, 9, 1), utc(2024, 7, 29)),
        ("0 0 1 * 1", utc(2024, 6, 2), utc(2024, 6, 1)),
        ("0 0 1 * 1", utc(2024, 6, 1), utc(2024, 5, 27)),
        ("*/15 * * * *", utc(2025, 1, 1), utc(2024, 12, 31, 23, 45)),
        ("30 15 10 * * * *", utc(2024, 5, 1, 10, 15, 30), utc(2024, 4, 30, 10, 15, 30)),
        ("0 0 1 1 * 2030", utc(2024, 1, 1), nil),
        ("0 0 30 2 *", utc(2050, 1, 1), nil),
        ("@yearly", utc(1970, 1, 1, 0, 0, 1), 0),
        ("@yearly", 0, nil),
        ("@yearly", Int64.min, nil),
        ("@yearly", Int64.max, utc(2099, 1, 1)),
    ] as [(String, Int64, Int64?)])
    func previousOccurrence(_ text: String, _ before: Int64, _ expected: Int64?) throws {
        let expression = try CronExpression(text)
        #expect(expression.previous(before: before) == expected)
    }

    @Test func matchingInstantIsNotItsOwnNextOrPrevious() throws {
        let expression = try CronExpression("0 0 * * *")
        let midnight = utc(2024, 5, 1)
        #expect(expression.next(after: midnight) == utc(2024, 5, 2))
        #expect(expression.previous(before: midnight) == utc(2024, 4, 30))
        #expect(expression.next(after: midnight - 1) == midnight)
        #expect(expression.previous(before: midnight + 1) == midnight)
    }

    @Test func sparseSchedulesWalkEveryOccurrenceUntil2099() throws {
        let leapDays = try CronExpression("0 0 29 2 *")
        var found: [Int64] = []
        var cursor: Int64 = -1
        while let next = leapDays.next(after: cursor) {
            found.append(next)
            cursor = next
        }
        let expected = stride(from: 1972, through: 2096, by: 4).map { utc($0, 2, 29) }
        #expect(found == expected)

        let thirtyFirsts = try CronExpression("0 0 31 * *")
        var count = 0
        cursor = -1
        while let next = thirtyFirsts.next(after: cursor) {
            let date = NaiveCalendar.date(of: next)
            #expect(date.day == 31)
            count += 1
            cursor = next
        }
        #expect(count == 130 * 7)
    }

    @Test func equivalentSpellingsParseToEqualExpressions() throws {
        #expect(try CronExpression("0 0 * * 7") == CronExpression("0 0 * * 0"))
        #expect(try CronExpression("0 0 * * sun") == CronExpression("@weekly"))
        #expect(try CronExpression("0 0 * * *") == CronExpression("0 0 0 * * * *"))
        #expect(try CronExpression("0 0 * * *") == CronExpression("0 0 * * * *"))
        #expect(try CronExpression("0 0 ? * *") == CronExpression("@daily"))
        #expect(try CronExpression("*/30 * * * *") == CronExpression("0,30 * * * *"))
        #expect(try CronExpression("0 0 1 1 *") == CronExpression("0  0\t1 JAN *"))
        #expect(try CronExpression("0 0 1 1 *") != CronExpression("0 0 1 2 *"))
    }

    @Test(arguments: [
        ("", nil),
        ("* * * *", nil),
        ("* * * * * * * *", nil),
        ("@reboot", nil),
        ("@fortnightly", nil),
        ("60 * * * * * *", CronError.Field.second),
        ("60 * * * *", .minute),
        ("1,,2 * * * *", .minute),
        ("1, * * * *", .minute),
        ("5-1 * * * *", .minute),
        ("5- * * * *", .minute),
        ("*/0 * * * *", .minute),
        ("*/60 * * * *", .minute),
        ("1/2/3 * * * *", .minute),
        ("a * * * *", .minute),
        ("? * * * *", .minute),
        ("-5 * * * *", .minute),
        ("00005 * * * *", .minute),
        ("* 24 * * *", .hour),
        ("* * 0 * *", .dayOfMonth),
        ("* * 32 * *", .dayOfMonth),
        ("* * 32W * *", .dayOfMonth),
        ("* * ?/2 * *", .dayOfMonth),
        ("* * W * *", .dayOfMonth),
        ("* * L-3 * *", .dayOfMonth),
        ("* * * 13 *", .month),
        ("* * * foo *", .month),
        ("* * * JAN-MON *", .month),
        ("* * * * 8", .dayOfWeek),
        ("* * * * L", .dayOfWeek),
        ("* * * * 5#6", .dayOfWeek),
        ("* * * * 5#0", .dayOfWeek),
        ("* * * * 5#", .dayOfWeek),
        ("* * * * mon-", .dayOfWeek),
        ("* * * * */7", .dayOfWeek),
        ("* * * * * 1969", .year),
        ("* * * * * 2100", .year),
        ("* * * * * 20x0", .year),
    ] as [(String, CronError.Field?)])
    func rejectsMalformedExpressions(_ text: String, _ field: CronError.Field?) {
        #expect {
            _ = try CronExpression(text)
        } throws: { error in
            guard let error = error as? CronError, error.field == field else { return false }
            return error.description.contains(field?.rawValue ?? "cron expression")
        }
    }

    @Test func errorMessageNamesTheFieldAndTheEntry() {
        #expect(throws: CronError(field: .dayOfMonth, text: "32", reason: "32 is outside 1-31")) {
            try CronExpression("0 0 1,32 * *")
        }
        let error = CronError(field: .dayOfMonth, text: "32", reason: "32 is outside 1-31")
        #expect(error.description == "invalid cron day-of-month field '32': 32 is outside 1-31")
        #expect(
            CronError(field: nil, text: "* *", reason: "expected 5, 6 or 7 fields, found 2").description
                == "invalid cron expression '* *': expected 5, 6 or 7 fields, found 2"
        )
    }
}
