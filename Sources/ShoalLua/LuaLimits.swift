/// The resource limits of one `LuaVM`, so a runaway or hostile script stops with an error instead of
/// stalling its worker or exhausting the process.
///
/// The instruction budget and the wall-clock deadline apply to each top-level call (`call`, `require`);
/// calls made from host functions share their caller's budget. Pattern matching charges its steps to the
/// same budget. The memory limit covers everything the VM allocates.
package struct LuaLimits: Sendable, Equatable {
    /// Lua VM instructions (and pattern-matcher steps) per call, checked every 1000 instructions.
    package var instructionLimit: Int
    /// Bytes the VM may hold; allocations beyond it fail with "not enough memory".
    package var memoryLimitBytes: Int
    /// Wall-clock time per call, checked with the instruction budget; 0 disables it.
    package var callTimeoutMilliseconds: Int

    package init(instructionLimit: Int = 10_000_000, memoryLimitBytes: Int = 32 << 20, callTimeoutMilliseconds: Int = 5000) {
        self.instructionLimit = instructionLimit
        self.memoryLimitBytes = memoryLimitBytes
        self.callTimeoutMilliseconds = callTimeoutMilliseconds
    }
}
