/// Time as the membership core sees it: milliseconds on the caller's monotonic clock.
///
/// The core never reads a clock; every event method takes `now`, and deadlines it reports are on the
/// same clock.
package typealias Milliseconds = Int64
