/// A dictionary that keeps insertion order, so the tracker's listings come out in join order without
/// sorting, while lookup, insertion and removal stay O(1) (removal amortised).
///
/// Removal leaves a hole that later compaction closes; replacing the value of a present key keeps its
/// position.
struct OrderedTable<Key: Hashable, Value> {
    private var slots: [(key: Key, value: Value)?] = []
    private var positions: [Key: Int] = [:]

    var count: Int { positions.count }
    var isEmpty: Bool { positions.isEmpty }

    subscript(key: Key) -> Value? {
        guard let position = positions[key] else { return nil }
        return slots[position]?.value
    }

    /// Stores `value` for `key` and returns the value it replaced; a new key goes last.
    @discardableResult
    mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        if let position = positions[key] {
            let old = slots[position]?.value
            slots[position] = (key, value)
            return old
        }
        positions[key] = slots.count
        slots.append((key, value))
        return nil
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard let position = positions.removeValue(forKey: key) else { return nil }
        let old = slots[position]?.value
        slots[position] = nil
        if positions.isEmpty {
            slots.removeAll()
        } else if slots.count >= 16 && slots.count > 2 * positions.count {
            compact()
        }
        return old
    }

    /// The entries in insertion order.
    var elements: [(key: Key, value: Value)] { slots.compactMap { $0 } }

    /// The keys in insertion order.
    var keys: [Key] { slots.compactMap { $0?.key } }

    private mutating func compact() {
        let live = slots.compactMap { $0 }
        slots = live
        for (position, entry) in live.enumerated() {
            positions[entry.key] = position
        }
    }
}

extension OrderedTable: Sendable where Key: Sendable, Value: Sendable {}
