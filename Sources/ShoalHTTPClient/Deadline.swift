#if canImport(Glibc)
import Glibc
#endif

/// The one point in monotonic time by which a whole outbound request must finish, so connect, TLS,
/// write and read share a single budget instead of each getting a fresh timeout.
struct Deadline {
    let timeoutMilliseconds: Int
    private let endNanoseconds: Int

    init(milliseconds: Int) {
        timeoutMilliseconds = milliseconds
        endNanoseconds = Self.now() + milliseconds * 1_000_000
    }

    /// Milliseconds left for `poll`, rounded up so a wait never ends early; 0 once the deadline passed.
    var remainingMilliseconds: Int32 {
        let left = endNanoseconds - Self.now()
        guard left > 0 else { return 0 }
        return Int32(clamping: (left + 999_999) / 1_000_000)
    }

    var expired: HTTPClientError { .timeout(milliseconds: timeoutMilliseconds) }

    private static func now() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return spec.tv_sec * 1_000_000_000 + spec.tv_nsec
    }
}
