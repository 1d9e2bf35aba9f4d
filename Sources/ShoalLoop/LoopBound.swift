/// Carries a loop-confined value (a `TCPConnection`, a session) through `Sendable` closures, such as
/// a worker job that hands its result back with `Loop.execute`, while keeping it usable only on its loop.
///
/// Contract: create it on the loop's thread; `value` MUST be read only on that thread (checked with
/// `precondition`, so a wrong-thread access stops the process instead of racing).
package struct LoopBound<Value>: @unchecked Sendable {
    package let loop: Loop
    private let boundValue: Value

    package init(_ value: Value, loop: Loop) {
        precondition(loop.inLoopThread, "LoopBound created off its loop's thread")
        self.loop = loop
        boundValue = value
    }

    package var value: Value {
        precondition(loop.inLoopThread, "LoopBound read off its loop's thread")
        return boundValue
    }
}
