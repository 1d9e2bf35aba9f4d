#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock seconds, for tests that wait for a token to expire.
package func unixNow() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec)
}

package func sleepMilliseconds(_ milliseconds: Int) {
    usleep(UInt32(milliseconds * 1000))
}
