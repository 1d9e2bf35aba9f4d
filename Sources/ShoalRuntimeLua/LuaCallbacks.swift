import ShoalLua
import ShoalRuntime

/// The functions one VM's modules registered, by lowercased id or request name.
final class LuaCallbacks {
    var rpc: [String: LuaFunctionRef] = [:]
    var before: [String: LuaFunctionRef] = [:]
    var after: [String: LuaFunctionRef] = [:]
    var realtimeBefore: [String: LuaFunctionRef] = [:]
    var realtimeAfter: [String: LuaFunctionRef] = [:]
    /// The module whose evaluation registered each callback, by "kind:name", for log lines.
    var modules: [String: String] = [:]

    var registry: RuntimeRegistry {
        var registry = RuntimeRegistry()
        registry.rpcIDs = Set(rpc.keys)
        registry.beforeHooks = Set(before.keys)
        registry.afterHooks = Set(after.keys)
        registry.realtimeBeforeHooks = Set(realtimeBefore.keys)
        registry.realtimeAfterHooks = Set(realtimeAfter.keys)
        return registry
    }
}
