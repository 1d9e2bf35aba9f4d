import ShoalCore
import ShoalJSON

/// Builds a protojson-style output object: snake_case keys, zero values omitted, 64-bit integers as strings.
///
/// Every wire message is written through this so the omission rules live in one place.
package struct WireObject {
    package private(set) var object = JSONObject()

    package init() {}

    /// Omitted when empty (proto3 scalar string).
    package mutating func string(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { object[key] = .string(value) }
    }

    /// Always written when non-nil (a `google.protobuf.StringValue` wrapper).
    package mutating func wrappedString(_ key: String, _ value: String?) {
        if let value { object[key] = .string(value) }
    }

    /// Omitted when false (proto3 bool).
    package mutating func bool(_ key: String, _ value: Bool) {
        if value { object[key] = .bool(true) }
    }

    /// Always written when non-nil (a `google.protobuf.BoolValue` wrapper).
    package mutating func wrappedBool(_ key: String, _ value: Bool?) {
        if let value { object[key] = .bool(value) }
    }

    /// 32-bit integer: a JSON number, omitted when zero.
    package mutating func int32(_ key: String, _ value: Int) {
        if value != 0 { object[key] = .int(Int64(value)) }
    }

    /// 64-bit integer: a JSON string, omitted when zero.
    package mutating func int64(_ key: String, _ value: Int64) {
        if value != 0 { object[key] = .string(String(value)) }
    }

    /// RFC 3339 timestamp, omitted when nil.
    package mutating func timestamp(_ key: String, _ value: Timestamp?) {
        if let value { object[key] = .string(value.rfc3339) }
    }

    /// A nested message, omitted when nil.
    package mutating func message(_ key: String, _ value: JSON?) {
        if let value { object[key] = value }
    }

    /// A repeated field, omitted when empty.
    package mutating func list(_ key: String, _ values: [JSON]) {
        if !values.isEmpty { object[key] = .array(values) }
    }

    /// A `map<string,string>`, omitted when empty.
    package mutating func stringMap(_ key: String, _ values: [String: String]) {
        guard !values.isEmpty else { return }
        var map = JSONObject()
        for (name, value) in values.sorted(by: { $0.key < $1.key }) { map[name] = .string(value) }
        object[key] = .object(map)
    }

    package var json: JSON { .object(object) }
}
