/// A set of small integers within fixed bounds, stored as bits, so each cron field can answer
/// "the first allowed value at or after x" and "the last at or before x" without scanning instants.
///
/// Invariant: only values inside `bounds` are ever members. Queries outside the bounds are allowed and
/// simply find nothing beyond them, which is what lets the occurrence search carry into the next field.
struct CronValueSet: Sendable, Equatable {
    let bounds: ClosedRange<Int>
    private var words: [UInt64]

    init(bounds: ClosedRange<Int>) {
        self.bounds = bounds
        self.words = Array(repeating: 0, count: (bounds.count + 63) / 64)
    }

    /// The set holding every value in `bounds`.
    static func full(_ bounds: ClosedRange<Int>) -> CronValueSet {
        var set = CronValueSet(bounds: bounds)
        for value in bounds { set.insert(value) }
        return set
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    mutating func insert(_ value: Int) {
        precondition(bounds.contains(value), "value \(value) outside \(bounds)")
        let offset = value - bounds.lowerBound
        words[offset >> 6] |= 1 << UInt64(offset & 63)
    }

    func contains(_ value: Int) -> Bool {
        guard bounds.contains(value) else { return false }
        let offset = value - bounds.lowerBound
        return words[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }

    /// The smallest member that is `>= value`, if any.
    func first(from value: Int) -> Int? {
        var offset = max(value, bounds.lowerBound) - bounds.lowerBound
        while offset < bounds.count {
            let word = words[offset >> 6] >> UInt64(offset & 63)
            if word != 0 {
                let found = offset + word.trailingZeroBitCount
                return found < bounds.count ? bounds.lowerBound + found : nil
            }
            offset = (offset | 63) + 1
        }
        return nil
    }

    /// The largest member that is `<= value`, if any.
    func last(through value: Int) -> Int? {
        var offset = min(value, bounds.upperBound) - bounds.lowerBound
        while offset >= 0 {
            let shift = UInt64(63 - (offset & 63))
            let word = words[offset >> 6] << shift
            if word != 0 {
                return bounds.lowerBound + offset - word.leadingZeroBitCount
            }
            offset = (offset & ~63) - 1
        }
        return nil
    }
}
