import ShoalJSON
import ShoalTestSupport
import Testing

/// `register_rt_before` / `register_rt_after` on realtime envelopes.
@Suite struct RealtimeHookTests {
    static let shared: Result<TestNode, any Error> = Result {
        let modules = try TestModules.directory([
            "rt_hooks.lua": """
                local nk = require("nakama")
                nk.register_rt_before(function(ctx, envelope)
                  local target = envelope.channel_join.target
                  if target == "forbidden" then return nil end
                  if target == "boom" then error("no joining boom") end
                  envelope.channel_join.target = "renamed-" .. target
                  return envelope
                end, "ChannelJoin")
                nk.register_rt_after(function(ctx, out, input)
                  nk.localcache_put("joined:" .. ctx.user_id, out.channel.room_name)
                end, "channeljoin")
                nk.register_rpc(function(ctx, payload) return nk.localcache_get(payload, "") end, "cache_get")
                """,
        ])
        return try TestNode { $0.runtime.path = modules }
    }

    func socket() throws -> (WebSocketTestClient, String) {
        let node = try Self.shared.get()
        let account = try node.client().account()
        return (try WebSocketTestClient(port: node.port, query: "token=\(account.token)"), account.id)
    }

    @Test func beforeHookRewritesAndAfterHookSeesTheReply() throws {
        let (socket, userID) = try socket()
        let room = uniqueID("room")
        let joined = try socket.request("1", ["channel_join": ["target": .string(room), "type": 1]])
        #expect(joined["channel"]?["room_name"] == .string("renamed-" + room))
        // The after hook stores what it saw; read it back through an RPC.
        var seen = ""
        for _ in 0..<250 where seen.isEmpty {
            let reply = try socket.request("2", ["rpc": ["id": "cache_get", "payload": .string("joined:" + userID)]])
            seen = reply["rpc"]?["payload"]?.stringValue ?? ""
            if seen.isEmpty { sleepMilliseconds(20) }
        }
        #expect(seen == "renamed-" + room)
    }

    @Test func beforeHookErrorsAndRejections() throws {
        let (socket, _) = try socket()
        let failed = try socket.request("1", ["channel_join": ["target": "boom", "type": 1]])
        #expect(failed["error"]?["code"] == .int(7))
        #expect(failed["error"]?["message"]?.stringValue?.contains("no joining boom") == true)
        // The socket stays open after a hook error.
        #expect(try socket.request("2", ["ping": [:]])["pong"] != nil)
        let rejected = try socket.request("3", ["channel_join": ["target": "forbidden", "type": 1]])
        #expect(rejected["error"]?["code"] == .int(1))
        #expect(rejected["error"]?["message"] == .string("Requested resource was not found."))
        #expect(throws: WebSocketTestClient.Closed.self) { _ = try socket.receiveEnvelope() }
    }
}
