import Testing
@testable import ShoalCron

@Suite struct CronPropertyTests {
    private static let scanDays = 400

    /// A time to search from: mostly 2015–2040, sometimes on a minute/hour/day boundary, sometimes
    /// near the ends of the 1970…2099 window.
    private static func randomTime(using rng: inout SplitMix64) -> Int64 {
        let base = Int64.random(in: NaiveCalendar.utc(2015, 1, 1)..<NaiveCalendar.utc(2040, 1, 1), using: &rng)
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return Int64.random(in: -40 * 86_400..<400 * 86_400, using: &rng)
        case 1: return Int64.random(in: NaiveCalendar.utc(2098, 11, 1)..<NaiveCalendar.utc(2100, 2, 1), using: &rng)
        case 2: return base - base % 60
        case 3: return base - base % 86_400
        default: return base
        }
    }

    @Test func nextAndPreviousAgreeWithBruteForceScan() throws {
        var rng = SplitMix64(seed: 0x5EED_C0DE)
        var compared = 0
        for _ in 0..<3_000 {
            let cron = RandomCron(using: &rng)
            let expression = try CronExpression(cron.text)
            for _ in 0..<2 {
                let time = Self.randomTime(using: &rng)

                let next = expression.next(after: time)
                let forward = cron.scanForward(after: time, days: Self.scanDays)
                if let found = forward.found {
                    #expect(next == found, "next(after: \(time)) of '\(cron.text)'")
                    compared += 1
                } else {
                    #expect(next.map { $0 >= forward.horizon } ?? true, "next(after: \(time)) of '\(cron.text)'")
                }

                let previous = expression.previous(before: time)
                let backward = cron.scanBackward(before: time, days: Self.scanDays)
                if let found = backward.found {
                    #expect(previous == found, "previous(before: \(time)) of '\(cron.text)'")
                    compared += 1
                } else {
                    #expect(previous.map { $0 < backward.horizon } ?? true, "previous(before: \(time)) of '\(cron.text)'")
                }
            }
        }
        #expect(compared > 8_000)
    }

    @Test func roundTripsLandOnOrBeforeTheStart() throws {
        var rng = SplitMix64(seed: 0xC10C_4A11)
        for _ in 0..<2_000 {
            let cron = RandomCron(using: &rng)
            let expression = try CronExpression(cron.text)
            let time = Self.randomTime(using: &rng)
            if let next = expression.next(after: time) {
                #expect(next > time && cron.matches(next), "'\(cron.text)' after \(time)")
                let back = expression.previous(before: next)
                #expect(back.map { $0 <= time } ?? true, "'\(cron.text)' after \(time)")
                if cron.matches(time) { #expect(back == time, "'\(cron.text)' at \(time)") }
            }
            if let previous = expression.previous(before: time) {
                #expect(previous < time && cron.matches(previous), "'\(cron.text)' before \(time)")
                let forward = expression.next(after: previous)
                #expect(forward.map { $0 >= time } ?? true, "'\(cron.text)' before \(time)")
                if cron.matches(time) { #expect(forward == time, "'\(cron.text)' at \(time)") }
            }
        }
    }
}
