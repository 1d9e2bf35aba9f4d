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
    package let modules: [LuaModuleSource]
    package let settings: LuaRuntimeSettings
    package let registry: RuntimeRegistry
    package let cache = LocalCache()
    let logger: Logger
    let runOnceDone = Atomic<Bool>(false)

    /// Loads the modules in a first VM (running `run_once` with `bootServices`) to learn the registry.
    package init(modules: [LuaModuleSource], settings: LuaRuntimeSettings, bootServices: any RuntimeServices, logger: Logger)
        throws(RuntimeLoadError)
    {
        self.modules = modules
        self.settings = settings
        self.logger = logger
        self.registry = RuntimeRegistry()
        let boot = try LuaRuntimeInstance(runtime: self, services: bootServices)
        self.registry = boot.callbacks.registry
        for id in registry.rpcIDs.sorted() { logger.info("registered lua rpc", [("id", id)]) }
    }

    /// A fresh VM with every module loaded, for one worker thread.
    package func makeInstance(services: any RuntimeServices) throws(RuntimeLoadError) -> LuaRuntimeInstance {
        try LuaRuntimeInstance(runtime: self, services: services)
    }
}

/// A module that failed to compile or to run at start-up.
package struct RuntimeLoadError: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
