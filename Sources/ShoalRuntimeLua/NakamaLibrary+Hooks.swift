import ShoalLua
import ShoalRuntime

extension NakamaLibrary {
    /// `register_rpc`, `register_req_before/after`, `run_once` (runtime.md §2.1, §4.9).
    static func hooks(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        func register(_ kind: String, into keyPath: ReferenceWritableKeyPath<LuaCallbacks, [String: LuaFunctionRef]>)
            -> LuaHostFunction
        {
            { arguments in
                let function = try arguments.function(1)
                let name = try arguments.string(2).lowercased()
                guard !name.isEmpty else { throw fail("bad argument #2 to '\(kind)' (\(kind == "register_rpc" ? "expects rpc id" : "expects name"))") }
                guard instance.loading else { throw fail("\(kind) is only allowed while modules load") }
                instance.callbacks[keyPath: keyPath][name] = function
                instance.callbacks.modules[kind + ":" + name] = instance.loadingModule
                return []
            }
        }
        return [
            "register_rpc": register("register_rpc", into: \.rpc),
            "register_req_before": register("register_req_before", into: \.before),
            "register_req_after": register("register_req_after", into: \.after),
            "register_rt_before": register("register_rt_before", into: \.realtimeBefore),
            "register_rt_after": register("register_rt_after", into: \.realtimeAfter),
            "run_once": { arguments in
                let function = try arguments.function(1)
                // Only the first run_once call of the whole node runs (runtime.md §4.9).
                guard instance.loading,
                    !instance.runtime.runOnceDone.exchange(true, ordering: .acquiringAndReleasing)
                else { return [] }
                let settings = instance.runtime.settings
                let context = RuntimeContext(executionMode: .runOnce, node: settings.node, env: settings.env)
                do {
                    _ = try instance.invoke(function, mode: .runOnce, id: "run_once", [instance.contextValue(context)])
                } catch let error as RuntimeError {
                    throw fail("error in run_once function: \(error.message)")
                }
                return []
            },
        ]
    }

    /// `logger_debug/info/warn/error(msg)`: returns the message; fields name the runtime and the call.
    static func logging(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        func log(_ level: String, _ write: @escaping (String, [(String, String)]) -> Void) -> LuaHostFunction {
            { arguments in
                let message = try arguments.string(1)
                guard !message.isEmpty else { throw fail("bad argument #1 to 'logger_\(level)' (expects message)") }
                write(message, instance.logFields)
                return [LuaValue(message)]
            }
        }
        let logger = instance.runtime.logger
        return [
            "logger_debug": log("debug") { logger.debug($0, $1) },
            "logger_info": log("info") { logger.info($0, $1) },
            "logger_warn": log("warn") { logger.warn($0, $1) },
            "logger_error": log("error") { logger.error($0, $1) },
        ]
    }
}
