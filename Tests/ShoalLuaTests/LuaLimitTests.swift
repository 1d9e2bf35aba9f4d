import ShoalLua
import Testing

/// Every hostile script must end with an error and leave the VM usable for the next call.
@Suite struct LuaLimitTests {
    private func expectFailure(
        _ body: String, kind: LuaError.Kind, limits: LuaLimits = LuaLimits(callTimeoutMilliseconds: 0),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> LuaError? {
        let vm = try LuaVM(limits: limits)
        let error = #expect(throws: LuaError.self, sourceLocation: sourceLocation) { try LuaTestSupport.run(vm, body) }
        #expect(error?.kind == kind, "\(error?.message ?? "")", sourceLocation: sourceLocation)
        #expect(try LuaTestSupport.run(vm, "return 1 + 1") == [2], sourceLocation: sourceLocation)
        return error
    }

    @Test func infiniteLoopHitsTheInstructionLimit() throws {
        let error = try expectFailure("while true do end", kind: .instructionLimit)
        #expect(error?.message == "instruction limit exceeded")
        #expect(error?.traceback?.contains("stack traceback:") == true)
    }

    @Test func pcallCannotSwallowTheLimit() throws {
        _ = try expectFailure("while true do pcall(function() while true do end end) end", kind: .instructionLimit)
    }

    @Test func xpcallCannotSwallowTheLimit() throws {
        _ = try expectFailure(
            "while true do xpcall(function() while true do end end, function(e) while true do end end) end",
            kind: .instructionLimit)
    }

    @Test func limitErrorCannotBeCaughtAndIgnored() throws {
        _ = try expectFailure("""
            local ok = pcall(function() while true do end end)
            local x = 0
            for i = 1, 100 do x = x + i end
            return x
            """, kind: .instructionLimit)
    }

    @Test func wallClockDeadline() throws {
        _ = try expectFailure(
            "while true do end", kind: .timeout,
            limits: LuaLimits(instructionLimit: Int.max / 2, callTimeoutMilliseconds: 50))
    }

    @Test func metamethodLoopsAreLimited() throws {
        _ = try expectFailure("return setmetatable({}, { __index = function() while true do end end }).x", kind: .instructionLimit)
        _ = try expectFailure("""
            local mt = { __lt = function() while true do end end }
            return pcall(function() return setmetatable({}, mt) < setmetatable({}, mt) end)
            """, kind: .instructionLimit)
        _ = try expectFailure(#"return pcall(string.gsub, "abc", "%w", function() while true do end end)"#, kind: .instructionLimit)
    }

    @Test func deadlineHoldsInsidePatternMatching() throws {
        _ = try expectFailure(
            #"return string.find(("a"):rep(28), ("a?"):rep(28) .. ("a"):rep(28))"#, kind: .timeout,
            limits: LuaLimits(instructionLimit: Int.max / 2, callTimeoutMilliseconds: 50))
    }

    @Test func budgetIsPerCall() throws {
        let vm = try LuaVM(limits: LuaLimits(instructionLimit: 200_000, callTimeoutMilliseconds: 0))
        for _ in 0..<5 {
            #expect(try LuaTestSupport.run(vm, "local x = 0 for i = 1, 20000 do x = x + i end return x") == [200_010_000])
        }
    }

    @Test func memoryBombs() throws {
        let limits = LuaLimits(memoryLimitBytes: 8 << 20, callTimeoutMilliseconds: 0)
        for body in [
            #"return string.rep("x", 64 * 1024 * 1024)"#,
            #"return ("x"):rep(1e15)"#,
            "local t = {} for i = 1, 1e8 do t[i] = i end",
            #"local s = "x" while true do s = s .. s end"#,
            "local t = {} while true do t[#t + 1] = {} end",
        ] {
            let vm = try LuaVM(limits: limits)
            let baseline = vm.memoryInUse
            let error = #expect(throws: LuaError.self, "\(body)") { try LuaTestSupport.run(vm, body) }
            #expect(error?.kind == .memory || error?.message.hasSuffix("resulting string too large") == true, "\(body)")
            #expect(vm.memoryInUse < baseline + (1 << 20), "\(body)")
            #expect(try LuaTestSupport.run(vm, "return #string.rep('ab', 1000)") == [2000])
        }
    }

    @Test func backtrackingPatternIsBounded() throws {
        _ = try expectFailure(#"return string.find(("a"):rep(24), ("a?"):rep(24) .. ("a"):rep(24))"#, kind: .instructionLimit)
        _ = try expectFailure(
            #"return pcall(string.find, ("a"):rep(24), ("a?"):rep(24) .. ("a"):rep(24))"#, kind: .instructionLimit)
    }

    @Test func deepPatternRecursionIsRefused() throws {
        let error = try expectFailure(#"return string.find(("a"):rep(3e5), ("a?"):rep(3e5))"#, kind: .runtime)
        #expect(error?.message.hasSuffix("pattern too complex") == true)
    }

    @Test func plainFindIsCharged() throws {
        _ = try expectFailure(
            #"local h = ("a"):rep(2e6) local n = ("a"):rep(1e5) .. "b" for i = 1, 100 do h:find(n, 1, true) end"#,
            kind: .instructionLimit)
    }

    @Test func hugeUnpackRaises() throws {
        let error = try expectFailure("return unpack({}, -2^31, 2^31 - 1)", kind: .runtime)
        #expect(error?.message.hasSuffix("too many results to unpack") == true)
        let vm = try LuaVM(limits: LuaLimits())
        #expect(try LuaTestSupport.run(vm, "return unpack({1, 2, 3})") == [1, 2, 3])
    }

    @Test func deepRecursionIsAStackOverflow() throws {
        let error = try expectFailure("local function f(n) return 1 + f(n + 1) end return f(1)", kind: .runtime)
        #expect(error?.message.contains("stack overflow") == true)
        let cStack = try expectFailure("local function f() return pcall(f) end local r = { f() } error(r[#r])", kind: .runtime)
        #expect(cStack?.message.contains("stack overflow") == true)
        let nested = try expectFailure(#"assert(loadstring("return " .. ("{"):rep(1e5)))"#, kind: .runtime)
        #expect(nested?.message.contains("syntax levels") == true || nested?.message.contains("overflow") == true)
    }

    @Test func sortWithFailingComparator() throws {
        let error = try expectFailure(
            "local t = {} for i = 1, 100 do t[i] = 100 - i end table.sort(t, function(a, b) error('cmp') end)",
            kind: .runtime)
        #expect(error?.message.hasSuffix("cmp") == true)
        _ = try expectFailure(
            "local t = {} for i = 1, 100 do t[i] = i end table.sort(t, function(a, b) return true end)",
            kind: .runtime)
    }

    @Test func erroringToString() throws {
        let error = try expectFailure(
            "print(setmetatable({}, { __tostring = function() error('bad tostring') end }))", kind: .runtime)
        #expect(error?.message.hasSuffix("bad tostring") == true)
        _ = try expectFailure("error(nil)", kind: .runtime)
    }
}
