import ShoalJSON
import ShoalTestSupport
import Testing

@Suite struct HookTests {
    static let modules = [
        "hooks.lua": """
            local nk = require("nakama")
            -- Reject devices starting with "blocked", rename others, fail for "boom".
            nk.register_req_before(function(ctx, payload)
              local id = payload.account.id
              if id:sub(1, 7) == "blocked" then return nil end
              if id:sub(1, 4) == "boom" then error({"device refused", 9}) end
              if id:sub(1, 6) == "rename" then payload.username = "renamed_" .. id:sub(8) end
              return payload
            end, "AuthenticateDevice")
            nk.register_req_after(function(ctx, out, input)
              nk.localcache_put("after:" .. input.account.id, out.token ~= nil and "token" or "none")
            end, "AuthenticateDevice")
            -- GetAccount has no request message: the before hook only gates it.
            nk.register_req_before(function(ctx, payload)
              if payload ~= nil then error("unexpected payload") end
              if nk.localcache_get("deny:" .. ctx.user_id) then error({"account locked", 7}) end
            end, "getaccount")
            nk.register_req_after(function(ctx, out)
              nk.localcache_put("seen:" .. ctx.user_id, out.user.username)
              error("after hook errors are only logged")
            end, "GetAccount")
            nk.register_rpc(function(ctx, payload) return nk.localcache_get(payload, "missing") end, "cache_get")
            nk.register_rpc(function(ctx, payload) nk.localcache_put(payload, true) end, "cache_set")
            """,
    ]
    static let shared: Result<TestNode, any Error> = Result { try node(modules) }

    @Test func beforeHookCanRejectRewriteOrFail() throws {
        let client = try Self.shared.get().client()
        let rejected = try client.request(
            "POST", "/v2/account/authenticate/device", headers: serverKey, json: ["id": .string(uniqueID("blocked"))])
        #expect(rejected.status == 404)
        #expect(rejected.json?["message"] == .string("Requested resource was not found."))

        let failed = try client.request(
            "POST", "/v2/account/authenticate/device", headers: serverKey, json: ["id": .string(uniqueID("boom"))])
        #expect(failed.status == 400)
        #expect(failed.json?["code"] == .int(9))
        #expect(failed.json?["message"] == .string("device refused"))

        let device = uniqueID("rename")
        let renamed = try client.request(
            "POST", "/v2/account/authenticate/device", headers: serverKey, json: ["id": .string(device)])
        #expect(renamed.status == 200, "\(renamed)")
        let token = try #require(renamed.json?["token"]?.stringValue)
        let account = try client.request("GET", "/v2/account", headers: bearer(token)).json
        #expect(account?["user"]?["username"] == .string("renamed_" + device.dropFirst(7)))
    }

    @Test func afterHookSeesResponseAndRequest() throws {
        let client = try Self.shared.get().client()
        let device = uniqueID()
        _ = try client.token(device)
        #expect(try client.rpcPayload("cache_get", "after:" + device) == .string("token"))
    }

    @Test func bodylessRequestsAreGatedByErrorsOnly() throws {
        let client = try Self.shared.get().client()
        let token = try client.token()
        let account = try client.request("GET", "/v2/account", headers: bearer(token))
        #expect(account.status == 200, "\(account)")
        let user = try #require(account.json?["user"])
        let userID = try #require(user["id"]?.stringValue)
        // The after hook ran (and its error did not reach the client).
        #expect(try client.rpcPayload("cache_get", "seen:" + userID) == user["username"])
        _ = try client.request("POST", "/v2/rpc/cache_set?http_key=defaulthttpkey", json: .string("deny:" + userID))
        let locked = try client.request("GET", "/v2/account", headers: bearer(token))
        #expect(locked.status == 403)
        #expect(locked.json?["message"] == .string("account locked"))
    }
}

extension HTTPTestClient {
    /// Runs an RPC with the http key and decodes its payload, which these modules return as plain strings.
    func rpcPayload(_ id: String, _ payload: String) throws -> JSON {
        let response = try request("POST", "/v2/rpc/\(id)?http_key=defaulthttpkey", json: .string(payload))
        return try #require(response.json?["payload"], "\(response)")
    }
}
