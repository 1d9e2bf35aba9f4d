import ShoalJSON
import ShoalTestSupport
import Testing

/// Hostile module code and payloads end their own call with an error; the node keeps serving.
@Suite struct SandboxTests {
    static let modules = [
        "hostile.lua": """
            local nk = require("nakama")
            nk.register_rpc(function() while true do end end, "spin")
            nk.register_rpc(function() while true do pcall(function() while true do end end) end end, "spin_pcall")
            nk.register_rpc(function() local t = {} for i = 1, 1e9 do t[i] = i end end, "table_bomb")
            nk.register_rpc(function() return string.rep("x", 2^30) end, "string_bomb")
            nk.register_rpc(function(ctx, payload) return tostring(string.find(("a"):rep(3e5), ("a?"):rep(3e5))) end, "pattern_crash")
            nk.register_rpc(function() return tostring(unpack({}, -2^31, 2^31 - 1)) end, "unpack_crash")
            nk.register_rpc(function() local function f() return f() + 1 end return f() end, "recursion")
            nk.register_rpc(function() return tostring(loadstring(string.char(27) .. "Lua")) end, "bytecode")
            nk.register_rpc(function()
              return nk.json_encode({io = type(io), os_execute = type(os.execute), debug = type(debug),
                dofile = type(dofile), loadfile = type(loadfile), package = type(package),
                dump = type(string.dump), os_time = type(os.time), bit32 = type(bit32)})
            end, "inventory")
            nk.register_rpc(function()
              getmetatable("").__index.upper = function() return "pwned" end
              return "patched"
            end, "patch_string")
            nk.register_rpc(function(ctx, payload) return string.upper(payload) end, "upper")
            """,
    ]
    static let shared: Result<TestNode, any Error> = Result {
        try node(modules) {
            $0.runtime.luaInstructionLimit = 2_000_000
            $0.runtime.luaMemoryLimitBytes = 16 << 20
            $0.runtime.luaCallTimeoutMs = 2000
        }
    }

    @Test(arguments: ["spin", "spin_pcall", "table_bomb", "string_bomb", "pattern_crash", "unpack_crash", "recursion", "patch_string"])
    func hostileCallFailsAndTheNodeServesOn(_ id: String) throws {
        let client = try Self.shared.get().client()
        let response = try client.request("POST", "/v2/rpc/\(id)?http_key=defaulthttpkey", json: .string(""))
        #expect(response.status == 500, "\(id): \(response)")
        #expect(response.json?["code"] == .int(13))
        // The same worker VMs answer normally afterwards, with an untouched string library.
        for _ in 0..<4 {
            let next = try client.request("POST", "/v2/rpc/upper?http_key=defaulthttpkey", json: .string("ok"))
            #expect(next.json?["payload"] == .string("OK"))
        }
    }

    @Test func binaryChunksAreRefused() throws {
        let client = try Self.shared.get().client()
        let response = try client.request("POST", "/v2/rpc/bytecode?http_key=defaulthttpkey", json: .string(""))
        #expect(response.json?["payload"] == .string("nil"))
    }

    @Test func onlyTheAllowListIsVisible() throws {
        let client = try Self.shared.get().client()
        let response = try client.request("POST", "/v2/rpc/inventory?http_key=defaulthttpkey", json: .string(""))
        let inventory = try JSONParser.parse(try #require(response.json?["payload"]?.stringValue))
        for absent in ["io", "os_execute", "debug", "dofile", "loadfile", "package", "dump"] {
            #expect(inventory[absent] == .string("nil"), "\(absent)")
        }
        #expect(inventory["os_time"] == .string("function"))
        #expect(inventory["bit32"] == .string("table"))
    }
}

@Suite struct ModuleLoadingTests {
    @Test func syntaxErrorStopsStartUpNamingFileAndLine() throws {
        let error = #expect(throws: (any Error).self) {
            _ = try node(["good.lua": "local x = 1\n", "sub/broken.lua": "local x = \nlocal function ("])
        }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains("broken.lua:2"), "\(text)")
    }

    @Test func runtimeErrorStopsStartUp() throws {
        let error = #expect(throws: (any Error).self) {
            _ = try node(["boom.lua": "error('module exploded')"])
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("module exploded"))
    }

    @Test func modulesRequireEachOtherAndRunOnce() throws {
        let running = try node([
            "a.lua": """
                local nk = require("nakama")
                local counter = require("lib.counter")
                nk.register_rpc(function() return tostring(counter.loads) end, "loads")
                """,
            "lib/counter.lua": """
                local M = {loads = 0}
                M.loads = M.loads + 1
                return M
                """,
            "z.lua": """
                nk.run_once(function(ctx)
                  nk.sql_exec("CREATE TABLE IF NOT EXISTS run_once_count (n INT)")
                  nk.sql_exec("INSERT INTO run_once_count VALUES (1)")
                end)
                nk.run_once(function(ctx) error("a second run_once never runs") end)
                nk.register_rpc(function()
                  return tostring(nk.sql_query("SELECT count(*) AS n FROM run_once_count")[1].n)
                end, "run_once_count")
                """,
        ])
        let client = running.client()
        #expect(try client.rpcPayload("loads", "") == .string("1"))
        #expect(try client.rpcPayload("run_once_count", "") == .string("1"))
        running.stop()
    }
}
