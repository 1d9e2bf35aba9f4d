/// The `runtime` section: where Lua modules live, the worker pools that run them, and their limits.
///
/// `path`, `requestWorkers` and `matchExecutors` hold raw settings where empty/0 means "derive";
/// use `NodeConfig.runtimePath`, `requestWorkerCount` and `matchExecutorCount`. `httpKey` and the
/// values of `env` are secrets and MUST only be logged through `ConfigLoader.describe`.
package struct RuntimeConfig: Sendable, Equatable {
    package var path: String = ""
    package var httpKey: String = "defaulthttpkey"
    /// Values modules read through `ctx.env`.
    package var env: [String: String] = [:]
    package var luaApiStacktrace: Bool = false
    package var requestWorkers: Int = 0
    package var matchExecutors: Int = 0
    package var workerQueueSize: Int = 1024
    package var luaInstructionLimit: Int = 10_000_000
    package var luaMemoryLimitBytes: Int = 33_554_432
    package var luaCallTimeoutMs: Int = 5000

    package init() {}
}
