/// A Lua value copied out of (or into) a VM: what crosses the boundary between Lua and Swift.
///
/// Strings are bytes (Lua strings need not be UTF-8); tables are deep copies; functions stay inside the
/// VM and are referred to by `LuaFunctionRef`.
package enum LuaValue: Sendable, Equatable {
    case `nil`
    case bool(Bool)
    case number(Double)
    case string([UInt8])
    case table(LuaTable)
    case function(LuaFunctionRef)

    package init(_ string: String) { self = .string(Array(string.utf8)) }
    package init(_ number: Double) { self = .number(number) }
    package init(_ number: Int) { self = .number(Double(number)) }
    package init(_ table: LuaTable) { self = .table(table) }

    package var isNil: Bool { self == .nil }

    /// The string decoded as UTF-8 (invalid sequences replaced); `nil` for other types.
    package var stringValue: String? {
        if case .string(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    package var bytesValue: [UInt8]? {
        if case .string(let bytes) = self { return bytes }
        return nil
    }

    package var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The number when it is integral and fits `Int`.
    package var intValue: Int? {
        guard case .number(let number) = self, number == number.rounded(.towardZero),
              number >= -9.223372036854775808e18, number < 9.223372036854775808e18 else { return nil }
        return Int(number)
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var tableValue: LuaTable? {
        if case .table(let table) = self { return table }
        return nil
    }

    package var functionValue: LuaFunctionRef? {
        if case .function(let function) = self { return function }
        return nil
    }

    /// Lua's type name (`type(v)`).
    package var typeName: String {
        switch self {
        case .nil: "nil"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        }
    }
}

extension LuaValue: ExpressibleByStringLiteral {
    package init(stringLiteral value: String) { self.init(value) }
}

extension LuaValue: ExpressibleByIntegerLiteral {
    package init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension LuaValue: ExpressibleByFloatLiteral {
    package init(floatLiteral value: Double) { self = .number(value) }
}

extension LuaValue: ExpressibleByBooleanLiteral {
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}
