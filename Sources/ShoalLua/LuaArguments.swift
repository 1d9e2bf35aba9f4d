import CLua51

/// The arguments of one host-function call, read from the Lua stack with luaL-style checks.
///
/// Valid only during the host function's call (it reads the live stack). Indices are 1-based like Lua's.
/// The typed accessors throw `LuaHostError` with Lua's message ("bad argument #2 to 'name' (string
/// expected, got nil)"), which the trampoline raises as a Lua error in the caller.
package struct LuaArguments {
    package let count: Int
    package let functionName: String
    private let state: OpaquePointer
    private let vmIdentifier: UInt64

    init(state: OpaquePointer, vmIdentifier: UInt64, functionName: String) {
        self.state = state
        self.vmIdentifier = vmIdentifier
        self.functionName = functionName
        self.count = Int(lua_gettop(state))
    }

    /// The argument as a value; `.nil` when absent or when it cannot be copied (see `table(_:)` for errors).
    package func value(_ index: Int) -> LuaValue {
        (try? copy(index)) ?? .nil
    }

    package func isNil(_ index: Int) -> Bool {
        luaType(index) == LUA_TNIL || luaType(index) == LUA_TNONE
    }

    package func string(_ index: Int) throws -> String {
        String(decoding: try bytes(index), as: UTF8.self)
    }

    package func optionalString(_ index: Int) throws -> String? {
        isNil(index) ? nil : try string(index)
    }

    /// The raw bytes of a string (or number) argument.
    package func bytes(_ index: Int) throws -> [UInt8] {
        let type = luaType(index)
        guard type == LUA_TSTRING || type == LUA_TNUMBER else { throw mismatch(index, expected: "string") }
        return LuaStack.bytes(at: Int32(index), state)
    }

    package func number(_ index: Int) throws -> Double {
        guard lua_isnumber(state, Int32(index)) != 0 else { throw mismatch(index, expected: "number") }
        return lua_tonumber(state, Int32(index))
    }

    package func optionalNumber(_ index: Int) throws -> Double? {
        isNil(index) ? nil : try number(index)
    }

    /// A number argument that must be integral.
    package func integer(_ index: Int) throws -> Int {
        let value = try number(index)
        guard let integral = LuaValue.number(value).intValue else {
            throw badArgument(index, "number has no integer representation")
        }
        return integral
    }

    package func optionalInteger(_ index: Int) throws -> Int? {
        isNil(index) ? nil : try integer(index)
    }

    package func bool(_ index: Int) throws -> Bool {
        guard luaType(index) == LUA_TBOOLEAN else { throw mismatch(index, expected: "boolean") }
        return lua_toboolean(state, Int32(index)) != 0
    }

    package func optionalBool(_ index: Int) throws -> Bool? {
        isNil(index) ? nil : try bool(index)
    }

    package func table(_ index: Int) throws -> LuaTable {
        guard luaType(index) == LUA_TTABLE else { throw mismatch(index, expected: "table") }
        guard case .table(let table) = try copy(index) else { throw mismatch(index, expected: "table") }
        return table
    }

    package func optionalTable(_ index: Int) throws -> LuaTable? {
        isNil(index) ? nil : try table(index)
    }

    package func function(_ index: Int) throws -> LuaFunctionRef {
        guard luaType(index) == LUA_TFUNCTION else { throw mismatch(index, expected: "function") }
        return LuaFunctionRef(reference: shoal_lua_ref_function(state, Int32(index)), vmIdentifier: vmIdentifier)
    }

    package func optionalFunction(_ index: Int) throws -> LuaFunctionRef? {
        isNil(index) ? nil : try function(index)
    }

    /// An error in Lua's format for argument `index`: "bad argument #index to 'name' (detail)".
    package func badArgument(_ index: Int, _ detail: String) -> LuaHostError {
        LuaHostError("bad argument #\(index) to '\(functionName)' (\(detail))")
    }

    private func copy(_ index: Int) throws -> LuaValue {
        guard index >= 1, index <= count else { return .nil }
        do {
            return try LuaStack.read(Int32(index), state, vmIdentifier: vmIdentifier)
        } catch let error as LuaStack.ConversionError {
            throw badArgument(index, error.message)
        }
    }

    private func luaType(_ index: Int) -> Int32 {
        guard index >= 1, index <= count else { return LUA_TNONE }
        return lua_type(state, Int32(index))
    }

    private func mismatch(_ index: Int, expected: String) -> LuaHostError {
        let type = luaType(index)
        let actual = type == LUA_TNONE ? "no value" : String(cString: lua_typename(state, type))
        return badArgument(index, "\(expected) expected, got \(actual)")
    }
}
