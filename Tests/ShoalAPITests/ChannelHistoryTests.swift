import ShoalCore
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalStore
import ShoalTestSupport
import Testing

/// `GET /v2/channel/{channel_id}` over messages written through `ChannelMessageStore` (protocol §2.7).
@Suite struct ChannelHistoryTests {
    static func write(_ count: Int, to channel: ChannelID, from sender: TestUser) throws -> [ChannelMessage] {
        let connection = try PGConnection(conninfo: try Shared.node.get().databaseURL)
        var generator = SystemRandomNumberGenerator()
        return try (0..<count).map { index in
            try ChannelMessageStore(connection: connection).insert(
                ChannelMessage(
                    channel: channel, id: UUIDValue.random(using: &generator), senderID: UserID(sender.id)!,
                    username: sender.username, content: "{\"n\":\(index)}", createTime: .epoch, updateTime: .epoch))
        }
    }

    func ids(_ json: JSON?) -> [String] {
        (json?["messages"]?.arrayValue ?? []).compactMap { $0["message_id"]?.stringValue }
    }

    @Test func pagesForwardAndBackWithAllThreeCursors() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        let room = ChannelID(.room(uniqueID("room")))
        let sent = try Self.write(5, to: room, from: me).map(\.id.description)
        let path = "/v2/channel/\(room)"

        let first = try #require(try client.request("GET", path, headers: me.headers).json)
        #expect(ids(first) == [sent[0]])
        let message = try #require(first["messages"]?.arrayValue?.first)
        #expect(message["channel_id"] == .string(room.description))
        #expect(message["room_name"] == .string(room.streamLabel))
        #expect(message["code"] == .int(0))
        #expect(message["persistent"] == .bool(true))
        #expect(message["username"] == .string(me.username))
        #expect(message["sender_id"] == .string(me.id))
        #expect(message["content"] == .string("{\"n\": 0}") || message["content"]?.stringValue?.contains("\"n\"") == true)
        #expect(first["prev_cursor"] == nil)

        let page2 = try #require(
            try client.request("GET", "\(path)?limit=2&cursor=\(first["next_cursor"]?.stringValue ?? "")", headers: me.headers).json)
        #expect(ids(page2) == [sent[1], sent[2]])
        let back = try #require(
            try client.request("GET", "\(path)?limit=2&cursor=\(page2["prev_cursor"]?.stringValue ?? "")", headers: me.headers).json)
        #expect(ids(back) == [sent[0]])
        let rest = try #require(
            try client.request("GET", "\(path)?limit=10&cursor=\(page2["next_cursor"]?.stringValue ?? "")", headers: me.headers).json)
        #expect(ids(rest) == [sent[3], sent[4]])
        #expect(rest["next_cursor"] == nil)

        // Newest first.
        let newest = try #require(try client.request("GET", "\(path)?limit=2&forward=false", headers: me.headers).json)
        #expect(ids(newest) == [sent[4], sent[3]])
        let older = try #require(
            try client.request(
                "GET", "\(path)?limit=10&forward=false&cursor=\(newest["next_cursor"]?.stringValue ?? "")", headers: me.headers
            ).json)
        #expect(ids(older) == [sent[2], sent[1], sent[0]])

        // The cacheable cursor of a forward page returns only messages written later.
        let all = try #require(try client.request("GET", "\(path)?limit=100", headers: me.headers).json)
        let cacheable = try #require(all["cacheable_cursor"]?.stringValue)
        let nothing = try #require(try client.request("GET", "\(path)?cursor=\(cacheable)", headers: me.headers).json)
        #expect(ids(nothing).isEmpty)
        let later = try Self.write(1, to: room, from: me)
        let fresh = try #require(try client.request("GET", "\(path)?limit=100&cursor=\(cacheable)", headers: me.headers).json)
        #expect(ids(fresh) == [later[0].id.description])
    }

    @Test func directChannelsAreReadableOnlyByTheirUsers() throws {
        let client = try Shared.client()
        let ann = try TestUser(client)
        let bob = try TestUser(client)
        let eve = try TestUser(client)
        let channel = ChannelID(.direct(UserID(bob.id)!, UserID(ann.id)!))
        let sent = try Self.write(1, to: channel, from: ann)
        for user in [ann, bob] {
            let json = try client.request("GET", "/v2/channel/\(channel)", headers: user.headers).json
            #expect(ids(json) == [sent[0].id.description])
            #expect(json?["messages"]?.arrayValue?.first?["user_id_one"] == .string(min(ann.id, bob.id)))
        }
        expectError(
            try client.request("GET", "/v2/channel/\(channel)", headers: eve.headers), status: 400, code: 3,
            message: "Invalid channel ID.")
    }

    @Test func rejectsBadChannelsLimitsAndCursors() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        for bad in ["nope", "2..", "3.bad..", "9...x", "2...%01"] {
            expectError(
                try client.request("GET", "/v2/channel/\(bad)", headers: me.headers), status: 400, code: 3,
                message: "Invalid channel ID.")
        }
        for limit in ["0", "101"] {
            expectError(
                try client.request("GET", "/v2/channel/2...room?limit=\(limit)", headers: me.headers), status: 400, code: 3,
                message: "Invalid limit - limit must be between 1 and 100.")
        }
        let room = ChannelID(.room(uniqueID("room")))
        _ = try Self.write(2, to: room, from: me)
        let cursor = try #require(
            try client.request("GET", "/v2/channel/\(room)", headers: me.headers).json?["next_cursor"]?.stringValue)
        for (path, why) in [
            ("/v2/channel/2...other?cursor=\(cursor)", "another channel"),
            ("/v2/channel/\(room)?forward=false&cursor=\(cursor)", "another direction"),
            ("/v2/channel/\(room)?cursor=garbage", "garbage"),
        ] {
            let response = try client.request("GET", path, headers: me.headers)
            #expect(response.json?["message"] == .string("Cursor is invalid or expired."), "\(why)")
        }
        // A room name with a space arrives percent-encoded.
        let spaced = ChannelID(.room("two words \(uniqueID())"))
        _ = try Self.write(1, to: spaced, from: me)
        let encoded = spaced.description.replacingSpaces()
        #expect(ids(try client.request("GET", "/v2/channel/\(encoded)", headers: me.headers).json).count == 1)
    }
}

extension String {
    func replacingSpaces() -> String { split(separator: " ", omittingEmptySubsequences: false).joined(separator: "%20") }
}

@Suite struct GroupChannelHistoryTests {
    @Test func onlyMembersReadAGroupChannel() throws {
        let client = try Shared.client()
        let owner = try TestUser(client)
        let outsider = try TestUser(client)
        let created = try client.request(
            "POST", "/v2/group", headers: owner.headers, json: ["name": .string(uniqueID("guild")), "open": true])
        #expect(created.status == 200, "\(created)")
        let groupID = try #require(created.json?["id"]?.stringValue)
        let joiner = try TestUser(client)
        #expect(try client.request("POST", "/v2/group/\(groupID)/join", headers: joiner.headers).status == 200)

        let path = "/v2/channel/3.\(groupID)..?limit=10"
        let member = try client.request("GET", path, headers: joiner.headers)
        #expect(member.status == 200, "\(member)")
        // The join wrote a group-join system message (code 3) into the channel.
        #expect(member.json?["messages"]?.arrayValue?.contains { $0["code"] == .int(3) } == true)
        expectError(try client.request("GET", path, headers: outsider.headers), status: 400, code: 3, message: "Group not found.")
    }
}

@Suite struct GroupAccountDeletionTests {
    @Test func deletingAnAccountEndsItsMembershipsAndSoleOwnedGroups() throws {
        let client = try Shared.client()
        let owner = try TestUser(client)
        let member = try TestUser(client)
        let ownedName = uniqueID("owned")
        let owned = try client.request("POST", "/v2/group", headers: owner.headers, json: ["name": .string(ownedName), "open": true])
        let ownedID = try #require(owned.json?["id"]?.stringValue)
        let other = try client.request(
            "POST", "/v2/group", headers: member.headers, json: ["name": .string(uniqueID("other")), "open": true])
        let otherID = try #require(other.json?["id"]?.stringValue)
        #expect(try client.request("POST", "/v2/group/\(otherID)/join", headers: owner.headers).status == 200)
        #expect(try client.request("POST", "/v2/group/\(ownedID)/join", headers: member.headers).status == 200)

        #expect(try client.request("DELETE", "/v2/account", headers: owner.headers).status == 200)
        // The group the deleted user solely owned is gone; the other group counts one member less.
        let users = try client.request("GET", "/v2/group/\(otherID)/user", headers: member.headers)
        #expect(users.json?["group_users"]?.arrayValue?.count == 1)
        let listed = try client.request("GET", "/v2/group?name=\(ownedName)", headers: member.headers)
        #expect(listed.json?["groups"] == nil)
        let mine = try client.request("GET", "/v2/user/\(member.id)/group", headers: member.headers)
        let counts = mine.json?["user_groups"]?.arrayValue?.compactMap { $0["group"]?["edge_count"]?.intValue }
        #expect(counts == [1])
    }
}
