import ShoalJSON
import ShoalTestSupport
import Testing

/// Chat channels and online status through real sockets.
@Suite struct ChatAndStatusTests {
    static let shared: Result<TestNode, any Error> = Result { try TestNode() }

    func player(status: Bool = false) throws -> RealtimePlayer {
        try RealtimePlayer(on: Self.shared.get(), status: status)
    }

    @Test func roomChatReachesEveryMemberAndIsStored() throws {
        let alice = try player()
        let bob = try player()
        let room = uniqueID("lobby")
        let aliceJoin = try alice.socket.request("1", ["channel_join": ["target": .string(room), "type": 1]])
        let channelID = try #require(aliceJoin["channel"]?["id"]?.stringValue)
        #expect(channelID == "2...\(room)")
        #expect(aliceJoin["channel"]?["room_name"] == .string(room))
        let bobJoin = try bob.socket.request("2", ["channel_join": ["target": .string(room), "type": 1]])
        #expect(bobJoin["channel"]?["presences"]?.arrayValue?.map { $0["user_id"] } == [.string(alice.userID)])
        let joined = try alice.socket.next("channel_presence_event") {
            $0["joins"]?.arrayValue?.contains { $0["user_id"] == .string(bob.userID) } == true
        }
        #expect(joined["channel_id"] == .string(channelID))

        let ack = try alice.socket.request(
            "3", ["channel_message_send": ["channel_id": .string(channelID), "content": #"{"text":"hi bob"}"#]])
        let messageID = try #require(ack["channel_message_ack"]?["message_id"]?.stringValue)
        let received = try bob.socket.next("channel_message")
        #expect(received["message_id"] == .string(messageID))
        #expect(received["content"] == .string(#"{"text":"hi bob"}"#))
        #expect(received["sender_id"] == .string(alice.userID))
        // The sender gets the message event too.
        #expect(try alice.socket.next("channel_message")["message_id"] == .string(messageID))

        let history = try Self.shared.get().client().request(
            "GET", "/v2/channel/\(channelID)?limit=10", headers: [("Authorization", "Bearer " + bob.token)])
        #expect(history.json?["messages"]?.arrayValue?.contains { $0["message_id"] == .string(messageID) } == true)

        #expect(try bob.socket.request("4", ["channel_leave": ["channel_id": .string(channelID)]]) == ["cid": "4"])
        let left = try alice.socket.next("channel_presence_event") {
            $0["leaves"]?.arrayValue?.contains { $0["user_id"] == .string(bob.userID) } == true
        }
        #expect(left["joins"] == nil)
    }

    @Test func sendersUpdateAndRemoveTheirOwnMessages() throws {
        let alice = try player()
        let bob = try player()
        let room = uniqueID("edits")
        let channelID = "2...\(room)"
        _ = try alice.socket.request("1", ["channel_join": ["target": .string(room), "type": 1]])
        _ = try bob.socket.request("1", ["channel_join": ["target": .string(room), "type": 1]])
        let sent = try alice.socket.request(
            "2", ["channel_message_send": ["channel_id": .string(channelID), "content": #"{"v":1}"#]])
        let messageID = try #require(sent["channel_message_ack"]?["message_id"]?.stringValue)

        let updated = try alice.socket.request(
            "3",
            ["channel_message_update": ["channel_id": .string(channelID), "message_id": .string(messageID), "content": #"{"v":2}"#]])
        #expect(updated["channel_message_ack"]?["code"] == .int(1))
        let seenUpdate = try bob.socket.next("channel_message") { $0["code"] == .int(1) }
        #expect(seenUpdate["content"] == .string(#"{"v": 2}"#))

        let notMine = try bob.socket.request(
            "4", ["channel_message_remove": ["channel_id": .string(channelID), "message_id": .string(messageID)]])
        #expect(notMine["error"]?["code"] == .int(3))
        let removed = try alice.socket.request(
            "5", ["channel_message_remove": ["channel_id": .string(channelID), "message_id": .string(messageID)]])
        #expect(removed["channel_message_ack"]?["code"] == .int(2))
        let seenRemove = try bob.socket.next("channel_message") { $0["code"] == .int(2) }
        #expect(seenRemove["message_id"] == .string(messageID))
    }

    @Test func chatInputIsChecked() throws {
        let alice = try player()
        let notJoined = try alice.socket.request(
            "1", ["channel_message_send": ["channel_id": "2...nowhere", "content": "{}"]])
        #expect(notJoined["error"]?["code"] == .int(3))
        #expect(notJoined["error"]?["message"] == .string("Must join channel before sending messages"))
        let room = uniqueID("room")
        _ = try alice.socket.request("2", ["channel_join": ["target": .string(room), "type": 1]])
        let notObject = try alice.socket.request(
            "3", ["channel_message_send": ["channel_id": .string("2...\(room)"), "content": "[1]"]])
        #expect(notObject["error"]?["message"] == .string("Message content must be a valid JSON object"))
        let badType = try alice.socket.request("4", ["channel_join": ["target": "x", "type": 9]])
        #expect(badType["error"]?["code"] == .int(3))
        let unknownUser = try alice.socket.request(
            "5", ["channel_join": ["target": "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", "type": 2]])
        #expect(unknownUser["error"]?["code"] == .int(3))
        let bob = try player()
        let direct = try alice.socket.request("6", ["channel_join": ["target": .string(bob.userID), "type": 2]])
        let ids = [alice.userID, bob.userID].sorted()
        #expect(direct["channel"]?["id"] == .string("4.\(ids[0]).\(ids[1])."))
        // Bob is not in the channel: he is invited with Nakama's −1 notification, live on his socket.
        let invitation = try bob.socket.next("notifications")
        #expect(invitation["notifications"]?[0]?["code"] == .int(-1))
        #expect(invitation["notifications"]?[0]?["subject"]?.stringValue?.hasSuffix("wants to chat") == true)
    }

    @Test func followersSeeStatusChanges() throws {
        let bob = try player(status: true)
        let alice = try player()
        let followed = try alice.socket.request("1", ["status_follow": ["user_ids": [.string(bob.userID)]]])
        #expect(followed["status"]?["presences"]?.arrayValue?.map { $0["user_id"] } == [.string(bob.userID)])

        #expect(try bob.socket.request("2", ["status_update": ["status": "in a match"]]) == ["cid": "2"])
        let change = try alice.socket.next("status_presence_event")
        #expect(change["joins"]?[0]?["status"] == .string("in a match"))
        #expect(change["leaves"]?[0]?["user_id"] == .string(bob.userID))

        // GET /v2/user shows bob online while his status presence lives.
        let client = try Self.shared.get().client()
        let online = try client.request("GET", "/v2/user?ids=\(bob.userID)", headers: [("Authorization", "Bearer " + alice.token)])
        #expect(online.json?["users"]?[0]?["online"] == .bool(true))
        // …and so do friend lists.
        let aliceAuth = [("Authorization", "Bearer " + alice.token)]
        #expect(try client.request("POST", "/v2/friend?ids=\(bob.userID)", headers: aliceAuth).status == 200)
        let friends = try client.request("GET", "/v2/friend", headers: aliceAuth).json?["friends"]?.arrayValue ?? []
        #expect(friends.first { $0["user"]?["id"] == .string(bob.userID) }?["user"]?["online"] == .bool(true))

        bob.socket.close()
        let gone = try alice.socket.next("status_presence_event") { $0["joins"] == nil }
        let offline = try client.request("GET", "/v2/user?ids=\(bob.userID)", headers: [("Authorization", "Bearer " + alice.token)])
        #expect(offline.json?["users"]?[0]?["online"] == nil)
        #expect(gone["leaves"]?[0]?["user_id"] == .string(bob.userID))
        let badID = try alice.socket.request("3", ["status_follow": ["user_ids": ["nope"]]])
        #expect(badID["error"]?["message"] == .string("Invalid user identifier"))
    }
}
