import ShoalLua
import Testing

@Suite struct LuaModuleTests {
    @Test func errorValues() throws {
        let vm = try LuaVM(limits: LuaLimits())
        try vm.addModule(name: "mod", source: Array("""
            local M = {}
            function M.coded() error({ "custom message", 3 }) end
            function M.plain() error("boom") end
            return M
            """.utf8), chunkName: "modules/mod.lua")
        let module = try #require(try vm.require("mod").tableValue)
        let coded = #expect(throws: LuaError.self) { try vm.call(try #require(module["coded"].functionValue), []) }
        #expect(coded?.message == "custom message")
        #expect(coded?.code == 3)
        let plain = #expect(throws: LuaError.self) { try vm.call(try #require(module["plain"].functionValue), []) }
        #expect(plain?.message == "modules/mod.lua:3: boom")
        #expect(plain?.code == nil)
        #expect(plain?.kind == .runtime)
        #expect(plain?.traceback?.contains("modules/mod.lua:3") == true)
    }

    @Test func tableErrorValueVariants() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let single = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "error({ 'only message' })") }
        #expect(single?.message == "only message")
        #expect(single?.code == nil)
        let empty = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "error({})") }
        #expect(empty?.message == "")
        #expect(empty?.code == nil)
        let number = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "error(42, 0)") }
        #expect(number?.message == "42")
        let boolean = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "error(true)") }
        #expect(boolean?.message == "(error object is a boolean value)")
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let error = #expect(throws: LuaError.self) {
            try vm.addModule(name: "broken", source: Array("local x = 1\nlocal = 2\n".utf8), chunkName: "dir/broken.lua")
        }
        #expect(error?.kind == .syntax)
        #expect(error?.message.hasPrefix("dir/broken.lua:2:") == true)
    }

    @Test func requireRunsEachBodyOnceAndReturnsItsValue() throws {
        let vm = try LuaVM(limits: LuaLimits())
        try vm.addModule(name: "counter", source: Array("""
            runs = (runs or 0) + 1
            return { runs = function() return runs end }
            """.utf8), chunkName: "counter.lua")
        try vm.addModule(name: "a", source: Array("""
            local c = require("counter")
            return { value = c.runs() }
            """.utf8), chunkName: "a.lua")
        try vm.addModule(name: "b", source: Array("local c = require('counter') local a = require('a') return c.runs() + a.value".utf8), chunkName: "b.lua")
        try vm.addModule(name: "empty", source: [], chunkName: "empty.lua")
        #expect(try vm.require("b") == 2)
        #expect(try vm.require("counter").tableValue != nil)
        #expect(try vm.require("empty") == true)
        let results = try LuaTestSupport.run(vm, "return require('counter').runs()")
        #expect(results == [1])
    }

    @Test func requireFailures() throws {
        let vm = try LuaVM(limits: LuaLimits())
        try vm.addModule(name: "x", source: Array("return require('y')".utf8), chunkName: "x.lua")
        try vm.addModule(name: "y", source: Array("return require('x')".utf8), chunkName: "y.lua")
        let cycle = #expect(throws: LuaError.self) { try vm.require("x") }
        #expect(cycle?.message.contains("loop or previous error loading module 'x'") == true)
        let missing = #expect(throws: LuaError.self) { try vm.require("nope") }
        #expect(missing?.message.hasSuffix("module 'nope' not found") == true)
        try vm.addModule(name: "flaky", source: Array("attempts = (attempts or 0) + 1 if attempts == 1 then error('first') end return attempts".utf8), chunkName: "flaky.lua")
        #expect(throws: LuaError.self) { try vm.require("flaky") }
        #expect(try vm.require("flaky") == 2)
    }

    @Test func hostLibraryReceivesEveryArgumentType() throws {
        let vm = try LuaVM(limits: LuaLimits())
        final class Seen: @unchecked Sendable { var values: [LuaValue] = [] }
        let seen = Seen()
        vm.registerLibrary("nakama", functions: [
            "echo": { arguments in
                seen.values = (1...arguments.count).map { arguments.value($0) }
                return [
                    .string(Array(try arguments.string(1).utf8)), .number(try arguments.number(2)),
                    .number(Double(try arguments.integer(3))), .bool(try arguments.bool(4)),
                    .table(try arguments.table(5)), .function(try arguments.function(6)),
                    arguments.value(7), LuaValue(try arguments.optionalString(8) ?? "absent"),
                ]
            },
            "call": { [unowned vm] arguments in
                try vm.call(try arguments.function(1), [arguments.value(2)])
            },
            "fail": { arguments in
                throw LuaHostError(try arguments.string(1), code: try arguments.optionalInteger(2))
            },
            "needs_string": { arguments in [LuaValue(try arguments.string(2))] },
        ])
        let results = try LuaTestSupport.run(vm, """
            local nk = require("nakama")
            local f = function(x) return x * 2 end
            local s, n, i, b, t, g, none, absent = nk.echo("str", 1.5, 7, true, { 1, 2, k = "v" }, f, nil)
            return s, n, i, b, t[2], t.k, g == f, none, absent, nk.call(f, 21)
            """)
        #expect(results == ["str", 1.5, 7, true, 2, "v", true, .nil, "absent", 42])
        #expect(seen.values.count == 7)
        #expect(seen.values[4] == .table(LuaTable(array: [1, 2], hash: [("k", "v")])))

        let bad = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "require('nakama').needs_string(1)") }
        #expect(bad?.message.hasSuffix("bad argument #2 to 'needs_string' (string expected, got no value)") == true)
        #expect(bad?.message.hasPrefix("chunk") == true)
        let coded = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "require('nakama').fail('denied', 7)") }
        #expect(coded?.message == "denied")
        #expect(coded?.code == 7)
        let caught = try LuaTestSupport.run(vm, "local ok, e = pcall(require('nakama').fail, 'oops') return ok, e")
        #expect(caught.first == false)
        #expect(caught.last?.stringValue?.hasSuffix("oops") == true)
        vm.freezeGlobals()
        let frozen = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "require('nakama').echo = nil") }
        #expect(frozen?.message.hasSuffix("attempt to modify read only table") == true)
    }

    @Test func hostCallbackIntoLuaSharesTheBudget() throws {
        let vm = try LuaVM(limits: LuaLimits(callTimeoutMilliseconds: 0))
        vm.registerLibrary("host", functions: [
            "swallow": { [unowned vm] arguments in
                _ = try? vm.call(try arguments.function(1), [])
                return []
            },
        ])
        let error = #expect(throws: LuaError.self) {
            try LuaTestSupport.run(vm, "require('host').swallow(function() while true do end end) return 1")
        }
        #expect(error?.kind == .instructionLimit)
        #expect(try LuaTestSupport.run(vm, "return 3") == [3])
    }

    @Test func vmsShareNoState() throws {
        let (first, _) = try LuaTestSupport.vm("shared = { count = 1 } string.extra = 1")
        let (second, _) = try LuaTestSupport.vm("return 0")
        #expect(try LuaTestSupport.run(second, "return shared, string.extra") == [.nil, .nil])
        #expect(try LuaTestSupport.run(first, "shared.count = shared.count + 1 return shared.count, string.extra") == [2, 1])
    }

    @Test func releasedReferencesStopWorking() throws {
        let (vm, module) = try LuaTestSupport.vm("return function() return 5 end")
        let function = try #require(module.functionValue)
        #expect(try vm.call(function, []) == [5])
        #expect(try vm.require("main").functionValue == function)
        vm.release(function)
        #expect(throws: LuaError.self) { try vm.call(function, []) }
    }

    @Test func valuesRoundTripThroughCall() throws {
        let (vm, module) = try LuaTestSupport.vm("return function(...) return ... end")
        let identity = try #require(module.functionValue)
        let table = LuaValue.table(LuaTable(array: [1, .nil, "x"], hash: [("a", true), (2.5, "half"), (true, 1)]))
        let results = try vm.call(identity, [.nil, true, 1.25, "s", table])
        #expect(results == [.nil, true, 1.25, "s", table])
        let other = try LuaVM(limits: LuaLimits())
        #expect(throws: LuaError.self) { try other.call(identity, []) }
        let cyclic = try LuaTestSupport.run(vm, "local t = {} t.self = t return 1")
        #expect(cyclic == [1])
        let refused = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "local t = {} t.self = t return t") }
        #expect(refused?.message == "cannot convert a cyclic table")
    }
}
