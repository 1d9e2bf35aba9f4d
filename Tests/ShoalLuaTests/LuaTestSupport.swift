import ShoalLua
import Synchronization

/// Builds VMs from inline sources for the tests.
enum LuaTestSupport {
    /// A VM with `source` registered as module `name` (file `name.lua`) and required.
    static func vm(
        _ source: String, name: String = "main", limits: LuaLimits = LuaLimits(callTimeoutMilliseconds: 0)
    ) throws -> (LuaVM, LuaValue) {
        let vm = try LuaVM(limits: limits)
        try vm.addModule(name: name, source: Array(source.utf8), chunkName: "\(name).lua")
        let value = try vm.require(name)
        return (vm, value)
    }

    /// Runs `body` (Lua statements ending in a return) as a fresh function in `vm`.
    static func run(_ vm: LuaVM, _ body: String) throws -> [LuaValue] {
        let name = "chunk\(counter.withLock { value in value += 1; return value })"
        try vm.addModule(name: name, source: Array("return function() \(body) end".utf8), chunkName: "\(name).lua")
        guard case .function(let function) = try vm.require(name) else { throw LuaError(kind: .runtime, message: "no function") }
        return try vm.call(function, [])
    }

    /// Numbers the chunks `run` registers.
    static let counter = Mutex(0)
}
