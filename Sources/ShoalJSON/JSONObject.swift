/// A JSON object's members in insertion order, so written JSON keeps the order it was built or parsed in.
///
/// Keys are unique: setting an existing key replaces its value in place (a parsed duplicate key keeps the
/// position of its first occurrence and the value of its last). Setting a key to `nil` removes it.
/// Equality ignores order: two objects are equal when they have the same keys with equal values.
/// Small objects are searched linearly; larger ones keep a hash index.
package struct JSONObject: Sendable, Equatable, Sequence {
    package typealias Element = (key: String, value: JSON)

    private static let indexThreshold = 12

    private var entries: [Element]
    private var index: [String: Int]?

    package init() {
        entries = []
        index = nil
    }

    /// Builds an object from pairs in order; a repeated key keeps its first position and its last value.
    package init(_ pairs: [(String, JSON)]) {
        self.init()
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    package var count: Int { entries.count }
    package var isEmpty: Bool { entries.isEmpty }
    package var keys: [String] { entries.map(\.key) }

    package subscript(key: String) -> JSON? {
        get {
            guard let position = position(of: key) else { return nil }
            return entries[position].value
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    entries[position].value = newValue
                } else {
                    entries.remove(at: position)
                    rebuildIndex()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if index != nil {
                    index![key] = entries.count - 1
                } else if entries.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    package func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }

    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.entries {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else {
            index = nil
            return
        }
        var rebuilt = [String: Int](minimumCapacity: entries.count)
        for (position, entry) in entries.enumerated() { rebuilt[entry.key] = position }
        index = rebuilt
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, JSON)...) { self.init(elements) }
}

extension JSONObject: ExpressibleByArrayLiteral {
    /// Lets `JSON.object([("token", .string(t))])` read as an ordered list of members.
    package init(arrayLiteral elements: (String, JSON)...) { self.init(elements) }
}
