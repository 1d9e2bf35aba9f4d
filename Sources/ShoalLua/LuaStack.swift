import CLua51

/// Copies values between a Lua stack and `LuaValue`, the only place that reads or writes Lua values.
///
/// MUST only be used while the VM is not running Lua code on another frame of this thread's stack in a way
/// that could raise: every function here avoids API calls that raise (no `luaL_check*`, no metamethods),
/// and runs with the allocator relaxed (outside `shoal_lua_pcall` or inside a host function).
enum LuaStack {
    /// Nested tables deeper than this (or cyclic) are refused.
    static let maxDepth = 100
    /// Values copied by one conversion at most (bounds shared subtables).
    static let maxValues = 1_000_000

    struct ConversionError: Error {
        var message: String
    }

    static func push(_ value: LuaValue, _ state: OpaquePointer, vmIdentifier: UInt64, depth: Int = 0) throws {
        guard lua_checkstack(state, 4) != 0 else { throw ConversionError(message: "stack overflow") }
        switch value {
        case .nil:
            lua_pushnil(state)
        case .bool(let flag):
            lua_pushboolean(state, flag ? 1 : 0)
        case .number(let number):
            lua_pushnumber(state, number)
        case .string(let bytes):
            pushBytes(bytes, state)
        case .table(let table):
            guard depth < maxDepth else { throw ConversionError(message: "table nesting too deep") }
            lua_createtable(state, Int32(clamping: table.array.count), Int32(clamping: table.hash.count))
            for (offset, element) in table.array.enumerated() where element != .nil {
                try push(element, state, vmIdentifier: vmIdentifier, depth: depth + 1)
                lua_rawseti(state, -2, Int32(offset + 1))
            }
            for entry in table.hash {
                if entry.key == .nil || entry.value == .nil { continue }
                if case .number(let number) = entry.key, number.isNaN { continue }
                try push(entry.key, state, vmIdentifier: vmIdentifier, depth: depth + 1)
                try push(entry.value, state, vmIdentifier: vmIdentifier, depth: depth + 1)
                lua_rawset(state, -3)
            }
        case .function(let function):
            guard function.vmIdentifier == vmIdentifier else {
                throw ConversionError(message: "function reference belongs to another VM")
            }
            shoal_lua_push_ref(state, function.reference)
        }
    }

    static func pushBytes(_ bytes: [UInt8], _ state: OpaquePointer) {
        guard !bytes.isEmpty else {
            lua_pushstring(state, "")
            return
        }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                lua_pushlstring(state, chars.baseAddress, chars.count)
            }
        }
    }

    static func pushString(_ string: String, _ state: OpaquePointer) {
        pushBytes(Array(string.utf8), state)
    }

    /// The string at `index` (a string or number value; numbers are converted in place, as Lua does).
    static func bytes(at index: Int32, _ state: OpaquePointer) -> [UInt8] {
        var length = 0
        guard let pointer = lua_tolstring(state, index, &length) else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    static func read(_ index: Int32, _ state: OpaquePointer, vmIdentifier: UInt64) throws -> LuaValue {
        var budget = maxValues
        var path: [UnsafeRawPointer] = []
        return try read(index, state, vmIdentifier: vmIdentifier, budget: &budget, path: &path)
    }

    private static func read(
        _ index: Int32, _ state: OpaquePointer, vmIdentifier: UInt64, budget: inout Int, path: inout [UnsafeRawPointer]
    ) throws -> LuaValue {
        budget -= 1
        guard budget >= 0 else { throw ConversionError(message: "table too large to convert") }
        switch lua_type(state, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .bool(lua_toboolean(state, index) != 0)
        case LUA_TNUMBER:
            return .number(lua_tonumber(state, index))
        case LUA_TSTRING:
            return .string(bytes(at: index, state))
        case LUA_TFUNCTION:
            return .function(LuaFunctionRef(reference: shoal_lua_ref_function(state, index), vmIdentifier: vmIdentifier))
        case LUA_TTABLE:
            return .table(try readTable(index, state, vmIdentifier: vmIdentifier, budget: &budget, path: &path))
        default:
            let name = String(cString: lua_typename(state, lua_type(state, index)))
            throw ConversionError(message: "cannot convert a \(name) value")
        }
    }

    private static func readTable(
        _ index: Int32, _ state: OpaquePointer, vmIdentifier: UInt64, budget: inout Int, path: inout [UnsafeRawPointer]
    ) throws -> LuaTable {
        let table = index < 0 ? lua_gettop(state) + index + 1 : index
        guard let identity = lua_topointer(state, table) else { return LuaTable() }
        guard path.count < maxDepth else { throw ConversionError(message: "table nesting too deep") }
        guard !path.contains(identity) else { throw ConversionError(message: "cannot convert a cyclic table") }
        guard lua_checkstack(state, 4) != 0 else { throw ConversionError(message: "stack overflow") }
        path.append(identity)
        defer { path.removeLast() }
        let length = Int(lua_objlen(state, table))
        guard length <= budget else { throw ConversionError(message: "table too large to convert") }
        var result = LuaTable()
        result.array.reserveCapacity(length)
        for position in 0..<length {
            lua_rawgeti(state, table, Int32(position + 1))
            defer { shoal_lua_pop(state, 1) }
            result.array.append(try read(-1, state, vmIdentifier: vmIdentifier, budget: &budget, path: &path))
        }
        lua_pushnil(state)
        while lua_next(state, table) != 0 {
            defer { shoal_lua_pop(state, 1) }
            let key: LuaValue
            switch lua_type(state, -2) {
            case LUA_TSTRING:
                key = .string(bytes(at: -2, state))
            case LUA_TBOOLEAN:
                key = .bool(lua_toboolean(state, -2) != 0)
            case LUA_TNUMBER:
                let number = lua_tonumber(state, -2)
                if number >= 1, number <= Double(length), number == number.rounded(.towardZero) { continue }
                key = .number(number)
            default:
                continue
            }
            result.hash.append((key, try read(-1, state, vmIdentifier: vmIdentifier, budget: &budget, path: &path)))
        }
        return result
    }
}
