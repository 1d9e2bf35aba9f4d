import ShoalCore
import ShoalAuth
import ShoalJSON
import ShoalTestSupport
import Testing

/// The realtime socket through a real node: handshake, envelopes, limits, live notifications.
@Suite struct RealtimeSocketTests {
    static let shared: Result<TestNode, any Error> = Result {
        let modules = try TestModules.directory([
            "rt.lua": """
                local nk = require("nakama")
                nk.register_rpc(function(ctx, payload) return ctx.session_id .. "|" .. payload end, "whoami")
                nk.register_rpc(function(ctx, payload) error("socket boom") end, "fails")
                """,
        ])
        return try TestNode { $0.runtime.path = modules }
    }

    func connect(_ token: String, query: String = "") throws -> WebSocketTestClient {
        try WebSocketTestClient(port: try Self.shared.get().port, query: "token=\(token)&format=json\(query)")
    }

    @Test func pingGetsPongWithTheCid() throws {
        let client = try Self.shared.get().client()
        let socket = try connect(try client.account().token)
        let reply = try socket.request("7", ["ping": [:]])
        #expect(reply == ["cid": "7", "pong": [:]])
        socket.close()
    }

    @Test func badTokensAndFormatsAreRefusedBeforeTheUpgrade() throws {
        let port = try Self.shared.get().port
        let missing = #expect(throws: WebSocketTestClient.HandshakeRefused.self) {
            _ = try WebSocketTestClient(port: port, query: "format=json")
        }
        #expect(missing?.status == 401)
        #expect(missing?.body == "Missing or invalid token")
        let garbage = #expect(throws: WebSocketTestClient.HandshakeRefused.self) {
            _ = try WebSocketTestClient(port: port, query: "token=nope")
        }
        #expect(garbage?.status == 401)
        let token = try Self.shared.get().client().account().token
        let protobuf = #expect(throws: WebSocketTestClient.HandshakeRefused.self) {
            _ = try WebSocketTestClient(port: port, query: "token=\(token)&format=protobuf")
        }
        #expect(protobuf?.status == 400)
        #expect(protobuf?.body == "Invalid format parameter")
    }

    @Test func rpcOverTheSocket() throws {
        let client = try Self.shared.get().client()
        let socket = try connect(try client.account().token)
        let reply = try socket.request("1", ["rpc": ["id": "WhoAmI", "payload": "hi"]])
        let payload = try #require(reply["rpc"]?["payload"]?.stringValue)
        #expect(payload.hasSuffix("|hi"))
        #expect(payload.count == 36 + 3)
        #expect(reply["rpc"]?["id"] == .string("WhoAmI"))
        let missing = try socket.request("2", ["rpc": ["id": "nope"]])
        #expect(missing["error"]?["code"] == .int(6))
        let failed = try socket.request("3", ["rpc": ["id": "fails"]])
        #expect(failed["error"]?["code"] == .int(7))
        #expect(failed["error"]?["message"]?.stringValue?.contains("socket boom") == true)
        socket.close()
    }

    @Test func notificationsArePushedLive() throws {
        let client = try Self.shared.get().client()
        let receiver = try client.account()
        let sender = try client.account()
        let socket = try connect(receiver.token)
        // A friend request notifies the receiver (code -2) on every socket of theirs.
        let added = try client.request(
            "POST", "/v2/friend?ids=\(receiver.id)", headers: [("Authorization", "Bearer " + sender.token)])
        #expect(added.status == 200)
        let event = try socket.receiveEnvelope()
        #expect(event["cid"] == nil)
        let notification = try #require(event["notifications"]?["notifications"]?[0])
        #expect(notification["code"] == .int(-2))
        #expect(notification["sender_id"] == .string(sender.id))
        socket.close()
    }

    @Test func malformedEnvelopesCloseTheSocket() throws {
        let client = try Self.shared.get().client()
        let token = try client.account().token
        let malformed = try connect(token)
        try malformed.sendText("{not json")
        #expect(throws: WebSocketTestClient.Closed.self) { _ = try malformed.receiveEnvelope() }

        let unrecognized = try connect(token)
        try unrecognized.send(["cid": "9", "party_create": [:]])
        let error = try unrecognized.receiveEnvelope()
        #expect(error["cid"] == .string("9"))
        #expect(error["error"]?["code"] == .int(1))
        #expect(throws: WebSocketTestClient.Closed.self) { _ = try unrecognized.receiveEnvelope() }
    }

    @Test func protocolViolationsCloseWithTheirCodes() throws {
        let client = try Self.shared.get().client()
        let token = try client.account().token
        let oversized = try connect(token)
        try oversized.sendText(String(repeating: "x", count: 5000))
        if case .close(let code, _) = try oversized.receive() { #expect(code == 1009) } else { Issue.record("no close") }
        let unmasked = try connect(token)
        try unmasked.send(opcode: 1, payload: Array("{}".utf8), masked: false)
        if case .close(let code, _) = try unmasked.receive() { #expect(code == 1002) } else { Issue.record("no close") }
    }
}

@Suite struct RealtimeSessionRulesTests {
    @Test func singleSocketClosesTheOlderSocket() throws {
        let node = try TestNode { $0.session.singleSocket = true }
        let token = try node.client().account().token
        let first = try WebSocketTestClient(port: node.port, query: "token=\(token)")
        let second = try WebSocketTestClient(port: node.port, query: "token=\(token)")
        if case .close(let code, _) = try first.receive() { #expect(code == 1000) } else { Issue.record("no close") }
        #expect(try second.request("1", ["ping": [:]])["pong"] != nil)
        node.stop()
    }

    @Test func silentPeersArePingedThenDropped() throws {
        let node = try TestNode {
            $0.socket.pingPeriodMs = 1000
            $0.socket.pongWaitMs = 2500
        }
        let socket = try WebSocketTestClient(port: node.port, query: "token=\(try node.client().account().token)")
        // The server pings a quiet socket; a client that never answers or speaks is then disconnected.
        #expect(try socket.receive() == .ping([]))
        #expect(socket.isClosedByServer())
        node.stop()
    }
}

@Suite struct RealtimeBackPressureTests {
    /// A reader that stops reading while the server pushes to it is disconnected (close 1008) instead of
    /// being buffered without end.
    @Test func slowReaderIsDisconnected() throws {
        let modules = try TestModules.directory([
            "flood.lua": """
                local nk = require("nakama")
                local stream = {mode = 200, subject = "flood"}
                nk.register_rpc(function(ctx)
                  nk.stream_user_join(ctx.user_id, ctx.session_id, stream)
                  return "listening"
                end, "listen")
                nk.register_rpc(function(ctx)
                  local blob = string.rep("x", 3000)
                  for i = 1, 3000 do nk.stream_send(stream, blob) end
                  return "sent"
                end, "flood")
                """,
        ])
        let node = try TestNode {
            $0.runtime.path = modules
            $0.socket.outgoingQueueSize = 16
        }
        let client = node.client()
        let slow = try WebSocketTestClient(port: node.port, query: "token=\(try client.account().token)")
        let flooder = try WebSocketTestClient(port: node.port, query: "token=\(try client.account().token)")
        #expect(try slow.request("1", ["rpc": ["id": "listen"]])["rpc"]?["payload"] == .string("listening"))
        // The slow socket reads nothing while about 9 MB are pushed at it.
        #expect(try flooder.request("1", ["rpc": ["id": "flood"]])["rpc"]?["payload"] == .string("sent"))
        var closeCode: UInt16?
        for _ in 0..<4000 where closeCode == nil {
            guard case .close(let code, _) = try slow.receive() else { continue }
            closeCode = code
        }
        #expect(closeCode == 1008)
        node.stop()
    }
}

@Suite struct RealtimeFloodTests {
    /// A client that floods requests without reading its replies is cut off; other sockets keep working.
    @Test func floodingClientIsDisconnectedAndOthersAreServed() throws {
        let node = try TestNode { $0.socket.outgoingQueueSize = 32 }
        let client = node.client()
        let flooder = try WebSocketTestClient(port: node.port, query: "token=\(try client.account().token)")
        let bystander = try WebSocketTestClient(port: node.port, query: "token=\(try client.account().token)")
        // Bounded: 20,000 pings with a 1 KB cid each, never reading the pongs.
        let cid = String(repeating: "c", count: 1000)
        for _ in 0..<20_000 {
            guard (try? flooder.send(["cid": .string(cid), "ping": [:]])) != nil else { break }
        }
        // The server closes with 1008; unread input on a closed socket may turn that into a reset.
        var ending = ""
        for _ in 0..<25_000 where ending.isEmpty {
            do {
                if case .close(let code, _) = try flooder.receive() { ending = "close \(code.map(String.init) ?? "")" }
            } catch {
                ending = "\(error)"
            }
        }
        #expect(ending == "close 1008" || ending == "connection closed" || ending == "recv failed: 104", "\(ending)")
        #expect(try bystander.request("1", ["ping": [:]])["pong"] != nil)
        node.stop()
    }
}
