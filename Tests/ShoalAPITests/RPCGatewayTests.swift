import ShoalCore
import ShoalAuth
import ShoalJSON
import ShoalTestSupport
import Testing

/// The RPC gateway's authentication and errors (module-backed RPCs are tested with the Lua runtime).
@Suite struct RPCGatewayTests {
    @Test func authenticationOrderAndMessages() throws {
        let client = try Shared.client()
        let none = try client.request("POST", "/v2/rpc/echo", json: .string("{}"))
        #expect(none.status == 401)
        #expect(none.json?["message"] == .string("Auth token or HTTP key required"))
        #expect(none.json?["error"] != nil)
        let badKey = try client.request("POST", "/v2/rpc/echo?http_key=wrong", json: .string("{}"))
        #expect(badKey.status == 401)
        #expect(badKey.json?["message"] == .string("HTTP key invalid"))
        let badToken = try client.request("POST", "/v2/rpc/echo", headers: bearer("nope"), json: .string("{}"))
        #expect(badToken.json?["message"] == .string("Auth token invalid"))
    }

    @Test func unknownRPCIsNotFoundForEveryAuthMode() throws {
        let client = try Shared.client()
        let viaKey = try client.request("POST", "/v2/rpc/Missing?http_key=defaulthttpkey", json: .string("{}"))
        #expect(viaKey.status == 404)
        #expect(viaKey.json?["code"] == .int(5))
        #expect(viaKey.json?["message"] == .string("RPC function not found"))
        let basic = [("Authorization", "Basic " + Base64.encode(Array("defaulthttpkey:".utf8)))]
        #expect(try client.request("GET", "/v2/rpc/missing", headers: basic).status == 404)
        let token = try client.token()
        #expect(try client.request("GET", "/v2/rpc/missing", headers: bearer(token)).status == 404)
        let noID = try client.request("GET", "/v2/rpc/?http_key=defaulthttpkey")
        #expect(noID.status == 400)
        #expect(noID.json?["message"] == .string("RPC ID must be set"))
    }
}
