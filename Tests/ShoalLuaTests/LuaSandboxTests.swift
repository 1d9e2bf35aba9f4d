import ShoalLua
import Testing

@Suite struct LuaSandboxTests {
    private func names(_ vm: LuaVM, _ table: String) throws -> [String] {
        let results = try LuaTestSupport.run(vm, """
            local keys = {}
            for k in pairs(\(table)) do keys[#keys + 1] = tostring(k) end
            table.sort(keys)
            return table.concat(keys, ",")
            """)
        return results.first?.stringValue?.split(separator: ",").map(String.init) ?? []
    }

    @Test func globalsAreExactlyTheAllowList() throws {
        let vm = try LuaVM(limits: LuaLimits())
        #expect(try names(vm, "_G") == [
            "_G", "_VERSION", "assert", "bit32", "collectgarbage", "error", "getmetatable", "ipairs", "loadstring",
            "math", "next", "os", "pairs", "pcall", "print", "rawequal", "rawget", "rawset", "require", "select",
            "setmetatable", "string", "table", "tonumber", "tostring", "type", "unpack", "xpcall",
        ])
        #expect(try names(vm, "os") == ["clock", "date", "difftime", "time"])
        #expect(try names(vm, "table") == ["concat", "getn", "insert", "maxn", "remove", "sort"])
        #expect(try names(vm, "string") == [
            "byte", "char", "find", "format", "gfind", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper",
        ])
        #expect(try names(vm, "bit32") == [
            "arshift", "band", "bnot", "bor", "btest", "bxor", "extract", "lrotate", "lshift", "replace", "rrotate", "rshift",
        ])
        let math = try names(vm, "math")
        for name in ["abs", "floor", "huge", "pi", "random", "randomseed", "sqrt", "fmod", "max", "min"] {
            #expect(math.contains(name))
        }
    }

    @Test func hostAccessIsAbsent() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let results = try LuaTestSupport.run(vm, """
            return io, debug, package, dofile, loadfile, load, coroutine, gcinfo, newproxy, module,
                getfenv, setfenv, string.dump, os.execute, os.getenv, os.exit
            """)
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == .nil })
    }

    @Test func binaryChunksAreRefused() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let results = try LuaTestSupport.run(vm, #"""
            local f, err = loadstring("\27Lua\81\0\1\4\8\4\8\0")
            local g = loadstring("return 1 + 1")
            return f, err, g()
            """#)
        #expect(results == [.nil, "binary chunks are not allowed", 2])
        let error = #expect(throws: LuaError.self) {
            try vm.addModule(name: "bytecode", source: [0x1B] + Array("Lua".utf8), chunkName: "bytecode.lua")
        }
        #expect(error?.kind == .syntax)
        #expect(error?.message == "bytecode.lua: binary chunks are not allowed")
    }

    @Test func randomChunksStartingWithEscapeNeverLoad() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let results = try LuaTestSupport.run(vm, """
            math.randomseed(7)
            local loaded = 0
            for i = 1, 2000 do
                local bytes = { 27 }
                for j = 1, math.random(0, 64) do bytes[#bytes + 1] = math.random(0, 255) end
                local f, err = loadstring(string.char(unpack(bytes)))
                if f or err ~= "binary chunks are not allowed" then loaded = loaded + 1 end
            end
            return loaded
            """)
        #expect(results == [0])
    }

    @Test func stringMetatableCannotBeModified() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let error = #expect(throws: LuaError.self) {
            try LuaTestSupport.run(vm, #"getmetatable("").__index = {} return 1"#)
        }
        #expect(error?.message.hasSuffix("attempt to modify read only table") == true)
        #expect(try LuaTestSupport.run(vm, #"return ("ab"):rep(2), getmetatable("").__index == string"#) == ["abab", true])
    }

    @Test func frozenGlobalsRefuseEveryWrite() throws {
        let (vm, _) = try LuaTestSupport.vm("""
            function helper() return "helper" end
            function string.shout(s) return s:upper() .. "!" end
            """)
        vm.freezeGlobals()
        let attempts = [
            "x = 1", "_G.y = 2", "string.rep = nil", "string.shout = nil", "table.insert = nil", "math.pi = 3",
            "os.time = nil", "bit32.band = nil", "rawset(_G, 'z', 1)", "rawset(string, 'rep', nil)",
            "table.insert(string, 'x')", "table.sort(_G)",
        ]
        for attempt in attempts {
            let error = #expect(throws: LuaError.self, "\(attempt)") { try LuaTestSupport.run(vm, "\(attempt) return 1") }
            #expect(error?.message.hasSuffix("attempt to modify read only table") == true, "\(attempt)")
        }
        let metatable = #expect(throws: LuaError.self) { try LuaTestSupport.run(vm, "setmetatable(_G, nil) return 1") }
        #expect(metatable?.message.hasSuffix("cannot change a protected metatable") == true)
        let results = try LuaTestSupport.run(vm, """
            local count = 0
            for _ in pairs(string) do count = count + 1 end
            return helper(), ("hey"):shout(), rawget(_G, "helper") == helper, count > 10, getmetatable(_G)
            """)
        #expect(results == ["helper", "HEY!", true, true, false])
    }

    @Test func printGoesToTheHandler() throws {
        let vm = try LuaVM(limits: LuaLimits())
        final class Lines: @unchecked Sendable { var values: [String] = [] }
        let lines = Lines()
        vm.printHandler = { lines.values.append($0) }
        _ = try LuaTestSupport.run(vm, "print('a', 1, nil, true) print() return 1")
        #expect(lines.values == ["a\t1\tnil\ttrue", ""])
    }

    @Test func collectgarbageOnlyCounts() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let results = try LuaTestSupport.run(vm, #"return type(collectgarbage("count")), collectgarbage("collect"), collectgarbage("stop")"#)
        #expect(results == ["number", 0, 0])
    }

    @Test func libraries() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let results = try LuaTestSupport.run(vm, """
            local r = math.random(3, 5)
            math.randomseed(42) local a = math.random()
            math.randomseed(42) local b = math.random()
            local t = os.date("*t", 0)
            return bit32.band(0xFF, 0x0F), bit32.bor(1, 2), bit32.bxor(3, 1), bit32.bnot(0), bit32.lshift(1, 4),
                bit32.rshift(256, 4), bit32.arshift(0x80000000, 4), bit32.extract(0xF0, 4, 4), bit32.replace(0, 5, 8, 4),
                bit32.lrotate(0x80000000, 1), bit32.rrotate(1, 1), bit32.btest(1, 2),
                r >= 3 and r <= 5, a == b,
                os.date("!%Y-%m-%d %H:%M:%S", 86400), t.year, t.wday, t.yday,
                os.time({ year = 1970, month = 1, day = 2 }), os.difftime(10, 4), type(os.clock())
            """)
        #expect(results == [
            15, 3, 2, 4_294_967_295, 16, 16, 0xF800_0000, 15, 0x500, 1, 0x8000_0000, false, true, true,
            "1970-01-02 00:00:00", 1970, 4, 1, 129_600, 6, "number",
        ])
    }

    @Test func patternFunctionsKeepLuaSemantics() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let results = try LuaTestSupport.run(vm, #"""
            local words = {}
            for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
            local s, n = ("hello world"):gsub("o", "0")
            local k, v = ("key=value"):match("(%w+)=(%w+)")
            return table.concat(words, "|"), s, n, k, v, ("x(a(b)c)y"):match("%b()"), ("THE (quick) fox"):find("%f[%a]%a+", 5),
                ("abc"):find("b", 1, true), ("a.b"):gsub("%.", "%%"), ("abc"):gsub("%w", "%0%0"), ("hello"):gsub("l+", function(m) return #m end),
                ("x"):rep(3), ("ab"):rep(0), string.format("%5.2f|%s|%d", 3.14159, "s", 42), ("aaa"):find("()a", 2)
            """#)
        #expect(results == [
            "one|two|three", "hell0 w0rld", 2, "key", "value", "(a(b)c)", 6, 2, "a%b", "aabbcc", "he2o",
            "xxx", "", " 3.14|s|42", 2, 2, 2,
        ])
    }
}
