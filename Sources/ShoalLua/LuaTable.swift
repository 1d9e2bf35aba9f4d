/// A deep copy of a Lua table, the form in which tables cross between Lua and Swift.
///
/// `array` holds the values at keys 1...n (n is Lua's length `#t`; holes are `.nil`); `hash` holds every
/// other entry whose key is a string, number or boolean (entries with other keys are not copied).
/// Equality ignores the order of `hash`.
package struct LuaTable: Sendable, Equatable {
    package var array: [LuaValue]
    package var hash: [(key: LuaValue, value: LuaValue)]

    package init(array: [LuaValue] = [], hash: [(key: LuaValue, value: LuaValue)] = []) {
        self.array = array
        self.hash = hash
    }

    package var isEmpty: Bool { array.isEmpty && hash.isEmpty }

    /// The value at a string key; `.nil` when absent. Setting `.nil` removes the entry.
    package subscript(key: String) -> LuaValue {
        get { self[.string(Array(key.utf8))] }
        set { self[.string(Array(key.utf8))] = newValue }
    }

    /// The value at any key, looking in `array` for integral keys 1...array.count.
    package subscript(key: LuaValue) -> LuaValue {
        get {
            if let position = arrayPosition(of: key) { return array[position] }
            return hash.first { $0.key == key }?.value ?? .nil
        }
        set {
            if let position = arrayPosition(of: key) {
                array[position] = newValue
            } else if let position = hash.firstIndex(where: { $0.key == key }) {
                if newValue == .nil {
                    hash.remove(at: position)
                } else {
                    hash[position].value = newValue
                }
            } else if newValue != .nil {
                hash.append((key, newValue))
            }
        }
    }

    private func arrayPosition(of key: LuaValue) -> Int? {
        guard case .number(let number) = key, number >= 1, number <= Double(array.count),
              number == number.rounded(.towardZero) else { return nil }
        return Int(number) - 1
    }

    package static func == (lhs: LuaTable, rhs: LuaTable) -> Bool {
        guard lhs.array == rhs.array, lhs.hash.count == rhs.hash.count else { return false }
        return lhs.hash.allSatisfy { entry in rhs.hash.contains { $0.key == entry.key && $0.value == entry.value } }
    }
}
