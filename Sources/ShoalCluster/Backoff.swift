/// Delays between redials of a lost peer: doubling from `minimumMilliseconds` up to `maximumMilliseconds`,
/// each drawn from the upper half of its step ("equal jitter"), so nodes that lost the same peer do not
/// redial it in lockstep, and a peer that is down costs a dial at most every `maximumMilliseconds`.
/// A pure value: the caller passes the attempt count and the random draw.
package struct Backoff: Sendable, Equatable {
    package var minimumMilliseconds: Int
    package var maximumMilliseconds: Int

    package init(minimumMilliseconds: Int, maximumMilliseconds: Int) {
        precondition(minimumMilliseconds > 0 && maximumMilliseconds >= minimumMilliseconds, "bad back-off bounds")
        self.minimumMilliseconds = minimumMilliseconds
        self.maximumMilliseconds = maximumMilliseconds
    }

    /// The wait before redial number `attempt` (0 for the first after a success), with `random` in 0..<1:
    /// between half of and the whole of min(maximum, minimum × 2^attempt).
    package func delayMilliseconds(attempt: Int, random: Double) -> Int {
        var step = minimumMilliseconds
        for _ in 0..<min(max(0, attempt), 62) where step < maximumMilliseconds { step *= 2 }
        step = min(step, maximumMilliseconds)
        let half = step / 2
        let jitter = Int(Double(step - half) * min(max(random, 0), 1))
        return min(step, half + jitter)
    }
}
