import ShoalJSON

/// Converts between JSON payloads and Lua values with Nakama's rules (runtime spec §3.3).
///
/// JSON → Lua: null becomes nil (an object member with a null value disappears), arrays become 1-based
/// tables, numbers become Lua numbers. Lua → JSON: integral numbers within Int64 become `.int`, others
/// `.double`; a table with `#t > 0` becomes an array of elements 1...#t (holes are null, other keys dropped),
/// any other table an object whose keys are stringified (`1` → "1", `true` → "true"); `{}` is `{}`.
/// Functions, NaN and infinities cannot be encoded and throw.
package enum LuaJSON {
    package static func luaValue(from json: JSON) -> LuaValue {
        switch json {
        case .null:
            return .nil
        case .bool(let flag):
            return .bool(flag)
        case .int(let number):
            return .number(Double(number))
        case .double(let number):
            return .number(number)
        case .string(let string):
            return LuaValue(string)
        case .array(let elements):
            return .table(LuaTable(array: elements.map(luaValue(from:))))
        case .object(let object):
            var table = LuaTable()
            for (key, value) in object where !value.isNull {
                table.hash.append((LuaValue(key), luaValue(from: value)))
            }
            return .table(table)
        }
    }

    package static func json(from value: LuaValue) throws -> JSON {
        switch value {
        case .nil:
            return .null
        case .bool(let flag):
            return .bool(flag)
        case .number(let number):
            return try json(from: number)
        case .string(let bytes):
            return .string(String(decoding: bytes, as: UTF8.self))
        case .table(let table):
            if !table.array.isEmpty { return .array(try table.array.map(json(from:))) }
            var object = JSONObject()
            for entry in table.hash {
                object[try key(entry.key)] = try json(from: entry.value)
            }
            return .object(object)
        case .function:
            throw LuaError(kind: .runtime, message: "cannot encode a function as JSON")
        }
    }

    private static func json(from number: Double) throws -> JSON {
        guard number.isFinite else { throw LuaError(kind: .runtime, message: "cannot encode \(number) as JSON") }
        if let integral = LuaValue.number(number).intValue { return .int(Int64(integral)) }
        return .double(number)
    }

    private static func key(_ key: LuaValue) throws -> String {
        switch key {
        case .string(let bytes):
            return String(decoding: bytes, as: UTF8.self)
        case .number(let number):
            if let integral = LuaValue.number(number).intValue { return String(integral) }
            return String(number)
        case .bool(let flag):
            return flag ? "true" : "false"
        default:
            throw LuaError(kind: .runtime, message: "cannot encode a \(key.typeName) key as JSON")
        }
    }
}
