extension Array where Element == UInt8 {
    /// Releases the consumed front of a parser's input buffer (`start` bytes) once that is cheap: all of
    /// it when nothing unread remains, or by moving the unread rest down when the consumed part is at
    /// least `minimum` bytes and no smaller than the rest. A buffer emptied with a capacity above
    /// `keepingCapacityUpTo` is freed, so one large message does not pin its memory.
    mutating func dropConsumed(_ start: inout Int, minimum: Int, keepingCapacityUpTo capacityLimit: Int) {
        if start > 0, start == count {
            removeAll(keepingCapacity: capacity <= capacityLimit)
            start = 0
        } else if start >= Swift.max(minimum, 1), start * 2 >= count {
            removeSubrange(0..<start)
            start = 0
        }
    }
}
