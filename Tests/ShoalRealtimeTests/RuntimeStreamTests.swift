import ShoalJSON
import ShoalTestSupport
import Testing

/// `nk.stream_*` from module code acting on connected sockets.
@Suite struct RuntimeStreamTests {
    static let shared: Result<TestNode, any Error> = Result {
        let modules = try TestModules.directory([
            "streams.lua": """
                local nk = require("nakama")
                local stream = {mode = 123, subject = "lobby"}
                nk.register_rpc(function(ctx, payload)
                  local first = nk.stream_user_join(ctx.user_id, ctx.session_id, stream, false, true, "ready")
                  local again = nk.stream_user_join(ctx.user_id, ctx.session_id, stream)
                  return nk.json_encode({first = first, again = again, count = nk.stream_count(stream)})
                end, "join")
                nk.register_rpc(function(ctx, payload)
                  local me = nk.stream_user_get(ctx.user_id, ctx.session_id, stream)
                  local all = nk.stream_user_list(stream)
                  nk.stream_send(stream, payload)
                  return nk.json_encode({status = me.status, listed = #all})
                end, "send")
                nk.register_rpc(function(ctx, payload)
                  nk.stream_user_leave(ctx.user_id, ctx.session_id, stream)
                  return tostring(nk.stream_count(stream))
                end, "leave")
                nk.register_rpc(function(ctx, payload)
                  local ack = nk.channel_message_send(payload, {text = "from the server"}, nil, "server")
                  return ack.messageId
                end, "announce")
                nk.register_rpc(function(ctx, payload)
                  local ok, err = pcall(nk.stream_user_join, ctx.user_id, "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", stream)
                  return tostring(ok) .. " " .. tostring(err)
                end, "join_missing")
                """,
        ])
        return try TestNode { $0.runtime.path = modules }
    }

    func rpc(_ socket: WebSocketTestClient, _ cid: String, _ id: String, _ payload: String = "") throws -> String {
        let reply = try socket.request(cid, ["rpc": ["id": .string(id), "payload": .string(payload)]])
        return try #require(reply["rpc"]?["payload"]?.stringValue, "\(reply)")
    }

    @Test func modulesJoinSendAndLeave() throws {
        let node = try Self.shared.get()
        let account = try node.client().account()
        let socket = try WebSocketTestClient(port: node.port, query: "token=\(account.token)")
        // The join's presence event reaches the socket before the RPC's reply.
        try socket.send(["cid": "1", "rpc": ["id": "join"]])
        let presence = try socket.next("stream_presence_event")
        #expect(presence["stream"]?["mode"] == .int(123))
        #expect(presence["joins"]?[0]?["user_id"] == .string(account.id))
        let joined = try JSONParser.parse(try #require(try socket.next("rpc")["payload"]?.stringValue))
        #expect(joined["first"] == .bool(true))
        #expect(joined["again"] == .bool(false))
        #expect(joined["count"] == .int(1))

        try socket.send(["cid": "2", "rpc": ["id": "send", "payload": "hello stream"]])
        let data = try socket.next("stream_data")
        #expect(data["data"] == .string("hello stream"))
        #expect(data["stream"]?["label"] == nil)
        let sent = try JSONParser.parse(try #require(try socket.next("rpc")["payload"]?.stringValue))
        #expect(sent["status"] == .string("ready"))
        #expect(sent["listed"] == .int(1))

        #expect(try rpc(socket, "3", "leave") == "0")

        // A module posts to a room: members get the message, and it is stored.
        let room = "2...\(uniqueID("announcements"))"
        _ = try socket.request("5", ["channel_join": ["target": .string(String(room.dropFirst(4))), "type": 1]])
        try socket.send(["cid": "6", "rpc": ["id": "announce", "payload": .string(room)]])
        let message = try socket.next("channel_message")
        #expect(message["content"] == .string(#"{"text":"from the server"}"#))
        #expect(message["username"] == .string("server"))
        let messageID = try #require(try socket.next("rpc")["payload"]?.stringValue)
        #expect(message["message_id"] == .string(messageID))
        #expect(try rpc(socket, "4", "join_missing").hasPrefix("false"))
        socket.close()
    }
}
