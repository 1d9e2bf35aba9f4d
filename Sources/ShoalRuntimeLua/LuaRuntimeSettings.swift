import ShoalLua

/// What the Lua runtime needs from the node's configuration.
package struct LuaRuntimeSettings: Sendable {
    package var node: String
    package var env: [String: String]
    package var limits: LuaLimits
    /// `runtime.lua_api_stacktrace`: send Lua tracebacks to clients with errors.
    package var includeStacktrace: Bool

    package init(node: String, env: [String: String], limits: LuaLimits, includeStacktrace: Bool) {
        self.node = node
        self.env = env
        self.limits = limits
        self.includeStacktrace = includeStacktrace
    }
}
