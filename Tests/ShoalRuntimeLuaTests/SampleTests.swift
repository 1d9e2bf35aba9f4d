import ShoalJSON
import ShoalTestSupport
import Testing

/// The server-runtime guide's Lua examples (Samples/lua), loaded as written.
@Suite struct SampleTests {
    static let samples: String = {
        var path = "\(#filePath)"
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/Samples/lua"
    }()

    static let systemID = "00000000-0000-0000-0000-00000000a11d"
    static let shared: Result<TestNode, any Error> = Result {
        try TestNode {
            $0.runtime.path = samples
            $0.runtime.env = ["SYSTEM_ID": systemID]
            // The guide's curl example passes `http_key=defaultkey`.
            $0.runtime.httpKey = "defaultkey"
        }
    }

    @Test func customRPCEchoesJSON() throws {
        let client = try Self.shared.get().client()
        let token = try client.token()
        let response = try client.rpc("custom_rpc_func_id", #"{"hello":"world"}"#, headers: bearer(token))
        #expect(response.status == 200, "\(response)")
        #expect(response.json?["payload"] == .string(#"{"hello":"world"}"#))
    }

    @Test func serverToServerHandlerAsTheGuidesCurl() throws {
        let client = try Self.shared.get().client()
        let response = try client.request(
            "POST", "/v2/rpc/http_handler_path?http_key=defaultkey",
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
            body: Array(#""{\"some\": \"data\"}""#.utf8))
        #expect(response.status == 200, "\(response)")
        let payload = try JSONParser.parse(try #require(response.json?["payload"]?.stringValue))
        #expect(payload["context"]?["execution_mode"] == .string("rpc"))
        #expect(payload["context"]?["user_id"] == nil)
    }

    @Test func runOnceCreatedTheSystemUser() throws {
        let client = try Self.shared.get().client()
        let token = try client.token()
        let users = try client.request("GET", "/v2/user?ids=\(Self.systemID)", headers: bearer(token))
        #expect(users.json?["users"]?[0]?["username"] == .string("system_id"))
    }
}
