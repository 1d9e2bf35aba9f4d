/// A JSON value, the one representation of dynamic payloads (request bodies, Lua values, storage objects).
///
/// Numbers keep their integer-ness: an integer literal that fits `Int64` is `.int`, every other number is
/// `.double`. Objects keep insertion order (see `JSONObject`).
package enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    /// The member `key` when this is an object; `nil` otherwise or when absent.
    package subscript(key: String) -> JSON? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and the index is in bounds; `nil` otherwise.
    package subscript(index: Int) -> JSON? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value of an `.int`, or of a `.double` that is integral and within `Int64`'s range.
    package var intValue: Int64? {
        switch self {
        case .int(let value):
            return value
        case .double(let value):
            // Range check first (NaN fails it), then a round trip; avoids libm's trunc, which this
            // module does not link.
            guard value >= -9.223372036854775808e18, value < 9.223372036854775808e18 else { return nil }
            let integral = Int64(value)
            return Double(integral) == value ? integral : nil
        default:
            return nil
        }
    }

    /// The value of a `.double`, or an `.int` converted (rounded to nearest when beyond 2^53).
    package var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var arrayValue: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    package var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }
}

extension JSON: ExpressibleByStringLiteral {
    package init(stringLiteral value: String) { self = .string(value) }
}

extension JSON: ExpressibleByIntegerLiteral {
    package init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSON: ExpressibleByFloatLiteral {
    package init(floatLiteral value: Double) { self = .double(value) }
}

extension JSON: ExpressibleByBooleanLiteral {
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSON: ExpressibleByArrayLiteral {
    package init(arrayLiteral elements: JSON...) { self = .array(elements) }
}

extension JSON: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, JSON)...) { self = .object(JSONObject(elements)) }
}

extension JSON: CustomStringConvertible {
    /// The compact JSON text of this value.
    package var description: String { JSONWriter.string(self) }
}
