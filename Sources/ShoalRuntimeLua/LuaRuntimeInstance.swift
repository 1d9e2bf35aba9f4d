import ShoalCore
import ShoalJSON
import ShoalLog
import ShoalLua
import ShoalRuntime

/// One worker's Lua VM with every module loaded, and the callbacks those modules registered in it.
///
/// Confined to the thread that uses it (a request worker); never shared.
package final class LuaRuntimeInstance: RuntimeInstance {
    let runtime: LuaShared
    let services: any RuntimeServices
    let vm: LuaVM
    let callbacks = LuaCallbacks()
    /// What the VM is serving now, for log fields.
    var currentCall: (mode: ExecutionMode, id: String, module: String?, traceID: String?)?
    /// The module being evaluated while loading.
    var loadingModule: String?
    /// True while modules are being evaluated: only then may `register_*` be called.
    var loading = true

    init(shared: LuaShared, services: any RuntimeServices) throws(RuntimeLoadError) {
        self.runtime = shared
        let runtime = shared
        self.services = services
        do {
            vm = try LuaVM(limits: runtime.settings.limits)
        } catch {
            throw RuntimeLoadError("cannot create a Lua VM: \(error)")
        }
        vm.registerLibrary("nakama", functions: NakamaLibrary.functions(for: self))
        do {
            try vm.addModule(name: "shoal.prelude", source: Array(LuaPrelude.source.utf8), chunkName: "shoal.prelude")
            try vm.require("shoal.prelude")
        } catch {
            throw RuntimeLoadError("cannot prepare the Lua globals: \(LuaRuntimeInstance.describe(error))")
        }
        for module in runtime.modules {
            do {
                try vm.addModule(name: module.name, source: module.source, chunkName: module.path)
            } catch {
                throw RuntimeLoadError("Could not load module \(module.path): \(LuaRuntimeInstance.describe(error))")
            }
        }
        for module in runtime.modules {
            loadingModule = module.name
            defer { loadingModule = nil }
            do {
                try vm.require(module.name)
            } catch {
                throw RuntimeLoadError(
                    "Could not complete runtime invocation of module \(module.path): \(LuaRuntimeInstance.describe(error))")
            }
        }
        loading = false
        vm.freezeGlobals()
    }

    // MARK: RuntimeInstance

    package func rpc(_ id: String, context: RuntimeContext, payload: String) throws(RuntimeError) -> String? {
        guard let function = callbacks.rpc[id] else { throw RuntimeError(.notFound, "RPC function not found") }
        let results = try invoke(
            function, mode: .rpc, id: id, module: callbacks.modules["register_rpc:" + id], traceID: context.traceID,
            [contextValue(context), LuaValue(payload)])
        switch results.first ?? .nil {
        case .nil: return nil
        case .string(let bytes): return String(decoding: bytes, as: UTF8.self)
        default:
            throw RuntimeError(
                .internal, "Runtime function returned invalid data - only allowed one return value of type String/Byte.")
        }
    }

    package func before(_ name: String, context: RuntimeContext, message: JSON?) throws(RuntimeError) -> JSON? {
        guard let function = callbacks.before[name] else { return message }
        let input = message.map(LuaJSON.luaValue(from:)) ?? .nil
        let results = try invoke(
            function, mode: .before, id: name, module: callbacks.modules["register_req_before:" + name],
            traceID: context.traceID, [contextValue(context), input])
        guard let first = results.first, first != .nil else { return nil }
        do {
            return try LuaJSON.json(from: first)
        } catch {
            throw RuntimeError(.internal, "Could not complete runtime Before function: \(error)")
        }
    }

    package func after(_ name: String, context: RuntimeContext, output: JSON?, input: JSON?) throws(RuntimeError) {
        guard let function = callbacks.after[name] else { return }
        var arguments = [contextValue(context), output.map(LuaJSON.luaValue(from:)) ?? .nil]
        if let input { arguments.append(LuaJSON.luaValue(from: input)) }
        _ = try invoke(
            function, mode: .after, id: name, module: callbacks.modules["register_req_after:" + name],
            traceID: context.traceID, arguments)
    }

    package func realtimeBefore(_ name: String, context: RuntimeContext, envelope: JSON) throws(RuntimeError) -> JSON? {
        guard let function = callbacks.realtimeBefore[name] else { return envelope }
        let results = try invoke(
            function, mode: .before, id: name, module: callbacks.modules["register_rt_before:" + name],
            traceID: context.traceID, [contextValue(context), LuaJSON.luaValue(from: envelope)])
        guard let first = results.first, first != .nil else { return nil }
        do {
            return try LuaJSON.json(from: first)
        } catch {
            throw RuntimeError(.internal, "Could not complete runtime Before function: \(error)")
        }
    }

    package func realtimeAfter(_ name: String, context: RuntimeContext, output: JSON?, input: JSON) throws(RuntimeError) {
        guard let function = callbacks.realtimeAfter[name] else { return }
        _ = try invoke(
            function, mode: .after, id: name, module: callbacks.modules["register_rt_after:" + name],
            traceID: context.traceID,
            [contextValue(context), output.map(LuaJSON.luaValue(from:)) ?? .nil, LuaJSON.luaValue(from: input)])
    }

    // MARK: Calls

    func invoke(
        _ function: LuaFunctionRef, mode: ExecutionMode, id: String, module: String? = nil, traceID: String? = nil,
        _ arguments: [LuaValue]
    ) throws(RuntimeError) -> [LuaValue] {
        currentCall = (mode, id, module ?? loadingModule, traceID)
        defer { currentCall = nil }
        do {
            return try vm.call(function, arguments)
        } catch let error as LuaError {
            throw runtimeError(error)
        } catch {
            throw RuntimeError(.internal, "\(error)")
        }
    }

    /// Nakama's mapping of a Lua error value (runtime.md §4.11): a `{msg, code}` table gives that gRPC code;
    /// anything else is INTERNAL; the `path:line: ` prefix is dropped unless stack traces are enabled.
    func runtimeError(_ error: LuaError) -> RuntimeError {
        let code = error.code.flatMap { (1...16).contains($0) ? GRPCCode(rawValue: $0) : nil } ?? .internal
        if runtime.settings.includeStacktrace {
            return RuntimeError(code, error.message + (error.traceback.map { "\n" + $0 } ?? ""))
        }
        return RuntimeError(code, LuaRuntimeInstance.strippingLocation(error.message))
    }

    /// `"/modules/a.lua:12: boom"` → `"boom"`.
    static func strippingLocation(_ message: String) -> String {
        guard let colon = message.firstIndex(of: ":") else { return message }
        let afterPath = message[message.index(after: colon)...]
        guard let secondColon = afterPath.firstIndex(of: ":"),
            !afterPath[..<secondColon].isEmpty, afterPath[..<secondColon].allSatisfy(\.isNumber)
        else { return message }
        let rest = afterPath[afterPath.index(after: secondColon)...]
        return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? LuaError { return error.message }
        return "\(error)"
    }

    // MARK: Context

    /// Nakama's `ctx` table (runtime.md §3.1).
    func contextValue(_ context: RuntimeContext) -> LuaValue {
        var object = JSONObject()
        object["env"] = .object(JSONObject(context.env.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
        object["execution_mode"] = .string(context.executionMode.rawValue)
        object["node"] = .string(context.node)
        object["headers"] = LuaRuntimeInstance.multimap(context.headers)
        object["query_params"] = LuaRuntimeInstance.multimap(context.queryParams)
        if let user = context.userID { object["user_id"] = .string(user.description) }
        if let username = context.username { object["username"] = .string(username) }
        if let vars = context.vars {
            object["vars"] = .object(JSONObject(vars.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
        }
        if let expiry = context.userSessionExp { object["user_session_exp"] = .int(expiry) }
        if let session = context.sessionID { object["session_id"] = .string(session) }
        if let lang = context.lang { object["lang"] = .string(lang) }
        if let ip = context.clientIP { object["client_ip"] = .string(ip) }
        if let port = context.clientPort { object["client_port"] = .string(port) }
        if let trace = context.traceID { object["trace_id"] = .string(trace) }
        return LuaJSON.luaValue(from: .object(object))
    }

    static func multimap(_ values: [String: [String]]) -> JSON {
        .object(JSONObject(values.sorted { $0.key < $1.key }.map { ($0.key, JSON.array($0.value.map(JSON.string))) }))
    }

    /// The fields of `logger_*` lines from module code: the runtime, the module that registered the running
    /// function, the function (RPC id or hook name) and the request's trace id.
    var logFields: [(String, String)] {
        var fields = [("runtime", "lua")]
        if let call = currentCall {
            fields.append(("mode", call.mode.rawValue))
            fields.append((call.mode == .rpc ? "rpc_id" : "api_id", call.id))
            if let module = call.module { fields.append(("module", module)) }
            if let trace = call.traceID { fields.append(("trace_id", trace)) }
        } else if let module = loadingModule {
            fields.append(("module", module))
        }
        return fields
    }
}
