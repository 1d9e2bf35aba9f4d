import CLua51

/// A Swift function callable from Lua; it reads its arguments and returns its results, or throws
/// `LuaHostError` (or any error, whose description becomes the message) to raise a Lua error.
package typealias LuaHostFunction = (inout LuaArguments) throws -> [LuaValue]

/// One sandboxed Lua 5.1 state with its limits: the only way Shoal runs Lua code.
///
/// The environment is built from an allow-list, not by deleting from the standard one:
/// - base: assert error getmetatable ipairs next pairs pcall xpcall print rawequal rawget rawset select
///   setmetatable tonumber tostring type unpack loadstring collectgarbage require `_G` `_VERSION`.
///   `print` goes to `printHandler`; `loadstring` refuses binary chunks (a leading ESC byte);
///   `collectgarbage("count")` answers, every other option is a no-op returning 0; `unpack` refuses ranges
///   over 8000 values; `require` sees only `addModule` modules and `registerLibrary` tables.
///   Absent: load, loadfile, dofile, getfenv, setfenv (they would let a script swap another function's
///   environment), newproxy, module, gcinfo, coroutine, io, debug, package.
/// - string without dump (find, match, gmatch, gfind, gsub and rep are bounded reimplementations: matcher
///   steps are charged to the instruction budget and recursion is capped at 200 levels, "pattern too
///   complex"); table (concat insert maxn remove sort getn); math (per-VM random); bit32 (the 5.2 backport);
///   os (clock date difftime time, in UTC with Nakama's `*t` conventions).
///
/// Every call runs in protected mode with a fresh instruction budget and deadline; `pcall`/`xpcall` cannot
/// swallow a spent limit (it is raised again when they return, and an `xpcall` handler is skipped), and
/// after any error, including a limit, the VM stays usable. String keys use Lua 5.1's sampled hash
/// (no HashDoS protection).
///
/// A VM is confined to one thread at a time and is not `Sendable`; VMs never share Lua objects. Host
/// functions may call back into the same VM (`call`), sharing the outer call's budget; they SHOULD capture
/// the VM unowned (the VM keeps its host functions).
package final class LuaVM {
    private let state: OpaquePointer
    /// Distinguishes this VM's function references from other VMs'.
    package let identifier: UInt64
    private var hostFunctions: [(name: String, body: LuaHostFunction)] = []
    /// Receives each line the sandbox's `print` writes; lines are dropped when unset.
    package var printHandler: ((String) -> Void)?

    package init(limits: LuaLimits) throws {
        guard let state = shoal_lua_new(
            max(0, limits.memoryLimitBytes), Int64(max(0, limits.instructionLimit)), Int64(max(0, limits.callTimeoutMilliseconds))
        ) else {
            throw LuaError(kind: .memory, message: "cannot create a Lua state")
        }
        let status = shoal_lua_open_sandbox(state)
        guard status == 0 else {
            let message = String(decoding: LuaStack.bytes(at: -1, state), as: UTF8.self)
            shoal_lua_close(state)
            throw LuaError(kind: .memory, message: message)
        }
        self.state = state
        identifier = shoal_lua_next_vm_id()
        let control = shoal_lua_get_ctl(state)!
        control.pointee.host = Unmanaged.passUnretained(self).toOpaque()
        control.pointee.dispatch = { host, state, functionID in
            Unmanaged<LuaVM>.fromOpaque(host!).takeUnretainedValue().dispatch(state!, functionID: Int(functionID))
        }
        control.pointee.print = { host, text, length in
            let vm = Unmanaged<LuaVM>.fromOpaque(host!).takeUnretainedValue()
            guard let handler = vm.printHandler, let text else { return }
            handler(text.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            })
        }
    }

    deinit {
        shoal_lua_close(state)
    }

    /// Bytes the VM currently holds.
    package var memoryInUse: Int { Int(shoal_lua_get_ctl(state)!.pointee.mem_used) }

    /// Registers a module source: compiled now (a syntax error throws `.syntax` naming the path and line;
    /// binary chunks are refused), executed on the first `require(name)`. `chunkName` is the module's path,
    /// used in messages as "path:line: msg".
    package func addModule(name: String, source: [UInt8], chunkName: String) throws {
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        let text = source.isEmpty ? [UInt8(ascii: " ")] : source
        let status = text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                shoal_lua_add_module(state, name, chars.baseAddress, chars.count, "@" + chunkName)
            }
        }
        guard status == 0 else { throw error(status: status) }
    }

    /// `require(name)` in protected mode: each module body runs once per VM; returns the module's value
    /// (a body returning nothing yields `true`, as in Lua). A require cycle raises an error.
    @discardableResult
    package func require(_ name: String) throws -> LuaValue {
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        shoal_lua_push_message_handler(state)
        shoal_lua_push_require(state)
        LuaStack.pushString(name, state)
        let status = shoal_lua_pcall(state, 1, 1, top + 1)
        guard status == 0 else { throw error(status: status) }
        return try convert(-1)
    }

    /// Calls a Lua function with a fresh budget (or the caller's, from inside a host function).
    package func call(_ function: LuaFunctionRef, _ arguments: [LuaValue]) throws -> [LuaValue] {
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        guard lua_checkstack(state, Int32(clamping: arguments.count + 8)) != 0 else {
            throw LuaError(kind: .runtime, message: "too many arguments")
        }
        shoal_lua_push_message_handler(state)
        do {
            try LuaStack.push(.function(function), state, vmIdentifier: identifier)
            for argument in arguments { try LuaStack.push(argument, state, vmIdentifier: identifier) }
        } catch let failure as LuaStack.ConversionError {
            throw LuaError(kind: .runtime, message: failure.message)
        }
        guard lua_type(state, top + 2) == LUA_TFUNCTION else {
            throw LuaError(kind: .runtime, message: "function reference is no longer valid")
        }
        let status = shoal_lua_pcall(state, Int32(arguments.count), LUA_MULTRET, top + 1)
        guard status == 0 else { throw error(status: status) }
        var results: [LuaValue] = []
        let last = lua_gettop(state)
        if last > top + 1 {
            for index in (top + 2)...last { results.append(try convert(index)) }
        }
        return results
    }

    /// Registers a table of Swift functions as the value of `require(name)`.
    package func registerLibrary(_ name: String, functions: [String: LuaHostFunction]) {
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        shoal_lua_newtable(state)
        for (functionName, body) in functions.sorted(by: { $0.key < $1.key }) {
            hostFunctions.append((functionName, body))
            shoal_lua_push_host_function(state, Int32(hostFunctions.count - 1))
            lua_setfield(state, -2, functionName)
        }
        shoal_lua_set_library(state, name)
    }

    /// Freezes `_G`, the library tables (string, table, math, os, bit32) and every host library table: writes,
    /// `rawset`, `table.insert/remove/sort` and `setmetatable` on them raise "attempt to modify read only
    /// table" (or "cannot change a protected metatable"). Reads and `pairs` still work. Call once after
    /// every module is loaded.
    package func freezeGlobals() {
        let status = shoal_lua_freeze_globals(state)
        precondition(status == 0, "freezing globals runs relaxed and cannot fail")
    }

    /// Drops the VM's hold on a function reference; the reference MUST NOT be used afterwards (its slot
    /// may be reused for another function).
    package func release(_ function: LuaFunctionRef) {
        guard function.vmIdentifier == identifier else { return }
        shoal_lua_release_ref(state, function.reference)
    }

    /// Runs a full garbage collection.
    package func collectGarbage() {
        shoal_lua_collect(state)
    }

    private func convert(_ index: Int32) throws -> LuaValue {
        do {
            return try LuaStack.read(index, state, vmIdentifier: identifier)
        } catch let failure as LuaStack.ConversionError {
            throw LuaError(kind: .runtime, message: failure.message)
        }
    }

    /// The error for a failed status, from the error value on top of the stack.
    private func error(status: Int32) -> LuaError {
        let exhausted = shoal_lua_get_ctl(state)!.pointee.exhausted
        var message: String
        var code: Int?
        switch lua_type(state, -1) {
        case LUA_TSTRING, LUA_TNUMBER:
            message = String(decoding: LuaStack.bytes(at: -1, state), as: UTF8.self)
        case LUA_TTABLE:
            lua_rawgeti(state, -1, 1)
            let first = lua_type(state, -1)
            message = first == LUA_TSTRING || first == LUA_TNUMBER ? String(decoding: LuaStack.bytes(at: -1, state), as: UTF8.self) : ""
            shoal_lua_pop(state, 1)
            lua_rawgeti(state, -1, 2)
            if lua_type(state, -1) == LUA_TNUMBER { code = LuaValue.number(lua_tonumber(state, -1)).intValue }
            shoal_lua_pop(state, 1)
        case LUA_TNIL:
            message = "nil"
        default:
            message = "(error object is a \(String(cString: lua_typename(state, lua_type(state, -1)))) value)"
        }
        let kind: LuaError.Kind
        if status == LUA_ERRMEM {
            kind = .memory
        } else if status == LUA_ERRSYNTAX {
            kind = .syntax
        } else if exhausted == Int32(SHOAL_LIMIT_INSTRUCTIONS) {
            kind = .instructionLimit
        } else if exhausted == Int32(SHOAL_LIMIT_TIMEOUT) {
            kind = .timeout
        } else if message == "not enough memory" {
            kind = .memory
        } else {
            kind = .runtime
        }
        shoal_lua_take_traceback(state)
        let traceback = lua_type(state, -1) == LUA_TSTRING ? String(decoding: LuaStack.bytes(at: -1, state), as: UTF8.self) : nil
        shoal_lua_pop(state, 1)
        if kind == .memory { shoal_lua_collect(state) }
        return LuaError(kind: kind, message: message, traceback: traceback, code: code)
    }

    /// Runs host function `functionID` for the trampoline: pushes its results and returns their count, or
    /// pushes the error value and returns -1 (the trampoline raises it after this frame has returned).
    private func dispatch(_ state: OpaquePointer, functionID: Int) -> Int32 {
        let top = lua_gettop(state)
        let function = hostFunctions[functionID]
        var arguments = LuaArguments(state: state, vmIdentifier: identifier, functionName: function.name)
        do {
            let results = try function.body(&arguments)
            guard lua_checkstack(state, Int32(clamping: results.count + 8)) != 0 else {
                throw LuaHostError("too many results from '\(function.name)'")
            }
            lua_settop(state, top)
            for result in results { try LuaStack.push(result, state, vmIdentifier: identifier) }
            return Int32(results.count)
        } catch {
            lua_settop(state, top)
            pushError(error)
            return -1
        }
    }

    private func pushError(_ error: any Error) {
        switch error {
        case let hostError as LuaHostError:
            if let code = hostError.code {
                lua_createtable(state, 2, 0)
                LuaStack.pushString(hostError.message, state)
                lua_rawseti(state, -2, 1)
                lua_pushnumber(state, Double(code))
                lua_rawseti(state, -2, 2)
            } else {
                LuaStack.pushString(hostError.message, state)
            }
        case let luaError as LuaError:
            LuaStack.pushString(luaError.message, state)
        case let conversion as LuaStack.ConversionError:
            LuaStack.pushString(conversion.message, state)
        default:
            LuaStack.pushString(String(describing: error), state)
        }
    }
}
