import ShoalJSON
import ShoalTestSupport
import Testing

@Suite struct RPCTests {
    static let modules = [
        "rpc.lua": """
            local nk = require("nakama")
            nk.register_rpc(function(ctx, payload) return payload end, "Echo")
            nk.register_rpc(function(ctx, payload) nk.logger_info("logged " .. payload) return ctx.trace_id end, "log")
            nk.register_rpc(function(ctx, payload)
              return nk.json_encode({ctx = ctx, payload = payload})
            end, "context")
            nk.register_rpc(function(ctx, payload) error("boom") end, "fails")
            nk.register_rpc(function(ctx, payload) error({"not allowed", 7}) end, "denied")
            nk.register_rpc(function(ctx, payload) return 42 end, "number")
            nk.register_rpc(function(ctx, payload) end, "empty")
            nk.register_rpc(function(ctx, payload) leaked = payload return "ok" end, "global_write")
            -- The last registration for an id wins.
            nk.register_rpc(function(ctx, payload) return "first" end, "twice")
            nk.register_rpc(function(ctx, payload) return "second" end, "twice")
            """,
    ]
    static let shared: Result<TestNode, any Error> = Result { try node(modules) }

    @Test func echoWithASessionAndCaseInsensitiveIDs() throws {
        let client = try Self.shared.get().client()
        let token = try client.token()
        let response = try client.rpc("echo", #"{"a":1}"#, headers: bearer(token))
        #expect(response.status == 200, "\(response)")
        #expect(response.json == ["payload": #"{"a":1}"#])
        #expect(try client.rpc("ECHO", "x", headers: bearer(token)).json == ["payload": "x"])
        #expect(try client.rpc("twice", "", headers: bearer(token)).json == ["payload": "second"])
        let empty = try client.rpc("empty", "", headers: bearer(token))
        #expect(empty.json == ["payload": ""])
    }

    @Test func contextCarriesTheSessionEnvAndRequest() throws {
        let client = try Self.shared.get().client()
        let device = uniqueID()
        let token = try client.token(device)
        let response = try client.request(
            "POST", "/v2/rpc/context?extra=1&extra=2", headers: bearer(token) + [("X-Game", "g")], json: .string("p"))
        let payload = try JSONParser.parse(try #require(response.json?["payload"]?.stringValue))
        let context = try #require(payload["ctx"])
        #expect(payload["payload"] == .string("p"))
        #expect(context["execution_mode"] == .string("rpc"))
        #expect(context["node"] == .string("nakama"))
        #expect(context["env"]?["GREETING"] == .string("hello"))
        #expect(context["user_id"]?.stringValue?.count == 36)
        #expect(context["username"]?.stringValue?.isEmpty == false)
        #expect(context["user_session_exp"]?.intValue != nil)
        #expect(context["query_params"]?["extra"] == .array(["1", "2"]))
        #expect(context["headers"]?["X-Game"] == .array(["g"]))
        #expect(context["client_ip"] == .string("127.0.0.1"))
    }

    @Test func serverToServerCallsHaveNoUser() throws {
        let client = try Self.shared.get().client()
        let payload = try client.rpcJSON("context", "s2s")
        #expect(payload["ctx"]?["user_id"] == nil)
        #expect(payload["ctx"]?["query_params"]?["http_key"] == nil)
        let basic = [("Authorization", "Basic ZGVmYXVsdGh0dHBrZXk6")]
        #expect(try client.rpc("echo", "b", headers: basic).json == ["payload": "b"])
    }

    @Test func unwrapUsesRawBodies() throws {
        let client = try Self.shared.get().client()
        let response = try client.request(
            "POST", "/v2/rpc/echo?unwrap&http_key=defaulthttpkey", headers: [("Content-Type", "text/csv")],
            body: Array("a,b,c".utf8))
        #expect(response.status == 200)
        #expect(response.text == "a,b,c")
        #expect(response.header("Content-Type") == "text/csv")
        let get = try client.request("GET", "/v2/rpc/echo?http_key=defaulthttpkey")
        #expect(get.json == ["payload": ""])
    }

    @Test func errorsMapToNakamaCodes() throws {
        let client = try Self.shared.get().client()
        let token = try client.token()
        let boom = try client.rpc("fails", "", headers: bearer(token))
        #expect(boom.status == 500)
        #expect(boom.json?["code"] == .int(13))
        #expect(boom.json?["message"] == .string("boom"))
        let denied = try client.rpc("denied", "", headers: bearer(token))
        #expect(denied.status == 403)
        #expect(denied.json?["code"] == .int(7))
        #expect(denied.json?["message"] == .string("not allowed"))
        let number = try client.rpc("number", "", headers: bearer(token))
        #expect(number.status == 500)
        #expect(number.json?["message"]?.stringValue?.hasPrefix("Runtime function returned invalid data") == true)
        let notJSONString = try client.request("POST", "/v2/rpc/echo", headers: bearer(token), json: ["a": 1])
        #expect(notJSONString.status == 400)
    }

    @Test func logLinesCarryModuleFunctionAndRequestID() throws {
        let node = try Self.shared.get()
        let client = node.client()
        let marker = uniqueID("marker")
        let response = try client.rpc("log", marker, headers: bearer(try client.token()))
        let traceID = try #require(response.json?["payload"]?.stringValue)
        #expect(traceID.count == 36)
        let line = try #require(node.logs.containing("logged " + marker).first)
        #expect(line.contains(#""module":"rpc""#))
        #expect(line.contains(#""rpc_id":"log""#))
        #expect(line.contains(#""trace_id":"\#(traceID)""#))
        #expect(line.contains(#""runtime":"lua""#))
    }

    @Test func globalsAreReadOnlyAfterLoad() throws {
        let client = try Self.shared.get().client()
        let token = try client.token()
        let response = try client.rpc("global_write", "x", headers: bearer(token))
        #expect(response.status == 500)
        #expect(response.json?["message"]?.stringValue?.contains("read only") == true)
    }

    @Test func stackTracesOnlyWhenEnabled() throws {
        let traced = try node(Self.modules) { $0.runtime.luaApiStacktrace = true }
        let client = traced.client()
        let response = try client.rpc("fails", "", headers: bearer(try client.token()))
        let message = try #require(response.json?["message"]?.stringValue)
        #expect(message.contains("rpc.lua:7: boom"))
        #expect(message.contains("traceback"))
        traced.stop()
    }
}
