#if canImport(Glibc)
import Glibc
#endif
import ShoalCore
import ShoalCron
import ShoalLua

extension NakamaLibrary {
    /// `time`, `cron_next`, `cron_prev` (runtime.md §2.2, §7): UTC throughout.
    static func time() -> [String: LuaHostFunction] {
        func cron(_ name: String, next: Bool) -> LuaHostFunction {
            { arguments in
                let expression: CronExpression
                do {
                    expression = try CronExpression(try arguments.string(1))
                } catch {
                    throw fail("bad argument #1 to '\(name)' (expects a valid cron string: \(error))")
                }
                let timestamp = Int64(try arguments.integer(2))
                let result = next ? expression.next(after: timestamp) : expression.previous(before: timestamp)
                return [result.map { .number(Double($0)) } ?? .nil]
            }
        }
        return [
            "time": { arguments in
                guard case .table(let table) = arguments.value(1) else {
                    var spec = timespec()
                    clock_gettime(CLOCK_REALTIME, &spec)
                    return [.number(Double(Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000))]
                }
                func field(_ key: String, _ fallback: Int64) -> Int64 {
                    if case .number(let value) = table[key] { return Int64(value) }
                    return fallback
                }
                let days = CivilDate.daysSinceEpoch(year: field("year", 1970), month: field("month", 1), day: field("day", 1))
                let seconds = days * 86_400 + field("hour", 12) * 3600 + field("min", 0) * 60 + field("sec", 0)
                return [.number(Double(seconds * 1000 + field("msec", 0)))]
            },
            "cron_next": cron("cron_next", next: true),
            "cron_prev": cron("cron_prev", next: false),
        ]
    }

    static func unixSeconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }
}
