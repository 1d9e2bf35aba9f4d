import ShoalLog
import ShoalLua
import ShoalRuntime
import Synchronization

/// The node's Lua runtime: module sources, what they register, and what every worker's VM shares
/// (the local cache, the run-once flag). Each worker builds its own `LuaRuntimeInstance` from it.
///
/// At start one VM evaluates every module (in name order, through `require`, so each body runs once per
/// VM); its registrations become the node's `registry` and its `run_once` runs. Any syntax or runtime
/// error stops start-up with the file, line and message.
package final class LuaRuntime: Sendable {
    package let shared: LuaShared
    package let registry: RuntimeRegistry

    /// Loads the modules in a first VM (running `run_once` with `bootServices`) to learn the registry.
    package init(modules: [LuaModuleSource], settings: LuaRuntimeSettings, bootServices: any RuntimeServices, logger: Logger)
        throws(RuntimeLoadError)
    {
        shared = LuaShared(modules: modules, settings: settings, logger: logger)
        registry = try LuaRuntimeInstance(shared: shared, services: bootServices).callbacks.registry
        for id in registry.rpcIDs.sorted() { logger.info("registered lua rpc", [("id", id)]) }
    }

    /// A fresh VM with every module loaded, for one worker thread.
    package func makeInstance(services: any RuntimeServices) throws(RuntimeLoadError) -> LuaRuntimeInstance {
        try LuaRuntimeInstance(shared: shared, services: services)
    }
}

/// What every VM of the node shares: module sources, settings, the local cache and the run-once flag.
package final class LuaShared: Sendable {
    package let modules: [LuaModuleSource]
    package let settings: LuaRuntimeSettings
    package let cache = LocalCache()
    let logger: Logger
    let runOnceDone = Atomic<Bool>(false)

    init(modules: [LuaModuleSource], settings: LuaRuntimeSettings, logger: Logger) {
        self.modules = modules
        self.settings = settings
        self.logger = logger
    }
}

/// A module that failed to compile or to run at start-up.
package struct RuntimeLoadError: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
