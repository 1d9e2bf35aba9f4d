import ShoalLoop

/// Carries a loop-confined object through `@Sendable` closures (worker completions) back to its loop.
///
/// The value MUST only be touched on `loop`'s thread; `value` checks that in debug builds.
struct LoopBound<Value: AnyObject>: @unchecked Sendable {
    private let wrapped: Value
    let loop: Loop

    init(_ value: Value, loop: Loop) {
        self.wrapped = value
        self.loop = loop
    }

    var value: Value {
        assert(loop.inLoopThread, "loop-bound value used off its loop thread")
        return wrapped
    }
}
