import ShoalJSON
import ShoalTestSupport
import Testing

/// The friend routes through a real node and database (protocol §2.3, §6.1).
@Suite struct FriendTests {
    @Test func inviteAndAcceptMakeFriendsWithNotificationsAndEdgeCounts() throws {
        let client = try Shared.client()
        let ann = try TestUser(client)
        let bob = try TestUser(client)
        let add = try client.request("POST", "/v2/friend?ids=\(bob.id)&metadata=%7B%22note%22%3A1%7D", headers: ann.headers)
        #expect(add.status == 200, "\(add)")
        #expect(add.json == .object(JSONObject()))
        #expect(try client.friendState(of: ann, toward: bob) == 1)
        #expect(try client.friendState(of: bob, toward: ann) == 2)
        #expect(try client.edgeCount(ann) == 1 && client.edgeCount(bob) == 1)
        let annFriend = try #require(try client.friends(ann).first)
        #expect(annFriend["metadata"] == .string("{\"note\": 1}") || annFriend["metadata"]?.stringValue?.contains("note") == true)
        #expect(annFriend["update_time"]?.stringValue?.hasSuffix("Z") == true)
        #expect(annFriend["user"]?["username"] == .string(bob.username))

        let request = try #require(try client.notifications(bob).first)
        #expect(request["code"] == .int(-2))
        #expect(request["subject"] == .string("\(ann.username) wants to add you as a friend"))
        #expect(request["sender_id"] == .string(ann.id))
        #expect(request["persistent"] == .bool(true))
        #expect(try JSONParser.parse(Array((request["content"]?.stringValue ?? "").utf8)) == ["username": .string(ann.username)])

        // Adding again is a silent no-op; accepting by username makes both edges friends.
        #expect(try client.request("POST", "/v2/friend?ids=\(bob.id)", headers: ann.headers).status == 200)
        #expect(try client.notifications(bob).count == 1)
        #expect(try client.request("POST", "/v2/friend?usernames=\(ann.username)", headers: bob.headers).status == 200)
        #expect(try client.friendState(of: ann, toward: bob) == 0)
        #expect(try client.friendState(of: bob, toward: ann) == 0)
        #expect(try client.edgeCount(ann) == 1 && client.edgeCount(bob) == 1)
        let accepted = try #require(try client.notifications(ann).last)
        #expect(accepted["code"] == .int(-3))
        #expect(accepted["subject"] == .string("\(bob.username) accepted your friend request"))
        // Friend.state is a wrapper: 0 is written.
        #expect(try client.friends(ann).first?["state"] == .int(0))
    }

    @Test func deleteRemovesBothEdgesAndNotifies() throws {
        let client = try Shared.client()
        let ann = try TestUser(client)
        let bob = try TestUser(client)
        _ = try client.request("POST", "/v2/friend?ids=\(bob.id)", headers: ann.headers)
        _ = try client.request("POST", "/v2/friend?ids=\(ann.id)", headers: bob.headers)
        let delete = try client.request("DELETE", "/v2/friend?ids=\(ann.id)", headers: bob.headers)
        #expect(delete.status == 200, "\(delete)")
        #expect(try client.friends(ann).isEmpty && client.friends(bob).isEmpty)
        #expect(try client.edgeCount(ann) == 0 && client.edgeCount(bob) == 0)
        let removed = try #require(try client.notifications(ann).last)
        #expect(removed["code"] == .int(-9))
        #expect(removed["subject"] == .string("\(bob.username) removed you as a friend"))
        // Deleting nothing, or only unknown usernames, succeeds.
        #expect(try client.request("DELETE", "/v2/friend?ids=\(ann.id)", headers: bob.headers).status == 200)
        #expect(try client.request("DELETE", "/v2/friend?usernames=nobody-\(ann.id)", headers: bob.headers).status == 200)
        #expect(try client.request("DELETE", "/v2/friend", headers: bob.headers).status == 200)
    }

    @Test func blockRemovesTheirEdgeAndStopsInvites() throws {
        let client = try Shared.client()
        let ann = try TestUser(client)
        let bob = try TestUser(client)
        _ = try client.request("POST", "/v2/friend?ids=\(bob.id)", headers: ann.headers)
        let block = try client.request("POST", "/v2/friend/block?ids=\(ann.id)", headers: bob.headers)
        #expect(block.status == 200, "\(block)")
        #expect(try client.friendState(of: bob, toward: ann) == 3)
        #expect(try client.friends(ann).isEmpty)
        #expect(try client.edgeCount(ann) == 0 && client.edgeCount(bob) == 1)
        // Ann cannot invite Bob while blocked; Bob cannot add Ann without unblocking first.
        _ = try client.request("POST", "/v2/friend?ids=\(bob.id)", headers: ann.headers)
        _ = try client.request("POST", "/v2/friend?ids=\(ann.id)", headers: bob.headers)
        #expect(try client.friends(ann).isEmpty)
        #expect(try client.friendState(of: bob, toward: ann) == 3)
        // Unblocking is a delete; it sends nothing.
        let before = try client.notifications(ann).count
        _ = try client.request("DELETE", "/v2/friend?ids=\(ann.id)", headers: bob.headers)
        #expect(try client.friends(bob).isEmpty && client.edgeCount(bob) == 0)
        #expect(try client.notifications(ann).count == before)
    }

    @Test func changesRejectBadInputWithNakamaMessages() throws {
        let client = try Shared.client()
        let ann = try TestUser(client)
        let cases: [(String, String, String)] = [
            ("POST", "/v2/friend?ids=\(ann.id)", "Cannot add self as friend."),
            ("POST", "/v2/friend?usernames=\(ann.username)", "Cannot add self as friend."),
            ("DELETE", "/v2/friend?ids=\(ann.id)", "Cannot delete self."),
            ("POST", "/v2/friend/block?usernames=\(ann.username)", "Cannot block self."),
            ("POST", "/v2/friend?ids=not-a-uuid", "Invalid user ID 'not-a-uuid'."),
            ("POST", "/v2/friend?ids=00000000-0000-0000-0000-000000000000",
             "Invalid user ID '00000000-0000-0000-0000-000000000000'."),
            ("POST", "/v2/friend/block?ids=x", "Invalid user ID 'x'."),
            ("POST", "/v2/friend?usernames=", "Username must not be empty."),
            ("POST", "/v2/friend?usernames=nobody-\(ann.id)", "No valid ID or username was provided."),
            ("POST", "/v2/friend/block?usernames=nobody-\(ann.id)", "No valid ID or username was provided."),
            ("POST", "/v2/friend?usernames=\(uniqueID("x"))&metadata=notjson", "Metadata must be a valid JSON object."),
        ]
        for (method, path, message) in cases {
            expectError(try client.request(method, path, headers: ann.headers), status: 400, code: 3, message: message)
        }
        expectError(try client.request("POST", "/v2/friend?ids=x"), status: 401, code: 16)
        // A well-formed id with no account is skipped silently.
        let ghost = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
        #expect(try client.request("POST", "/v2/friend?ids=\(ghost)", headers: ann.headers).status == 200)
        #expect(try client.friends(ann).isEmpty)
    }

    @Test func listPagesByStateThenAgeWithFilters() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        let others = try (0..<4).map { _ in try TestUser(client) }
        // others[0]: friend; others[1], others[2]: invites sent (in that order); others[3]: blocked.
        _ = try client.request("POST", "/v2/friend?ids=\(me.id)", headers: others[0].headers)
        _ = try client.request("POST", "/v2/friend?ids=\(others[0].id)", headers: me.headers)
        _ = try client.request("POST", "/v2/friend?ids=\(others[1].id)", headers: me.headers)
        _ = try client.request("POST", "/v2/friend?ids=\(others[2].id)", headers: me.headers)
        _ = try client.request("POST", "/v2/friend/block?ids=\(others[3].id)", headers: me.headers)

        var seen: [String] = []
        var cursor = ""
        repeat {
            let response = try client.request("GET", "/v2/friend?limit=1\(cursor.isEmpty ? "" : "&cursor=\(cursor)")", headers: me.headers)
            #expect(response.status == 200, "\(response)")
            let page = response.json?["friends"]?.arrayValue ?? []
            #expect(page.count == 1)
            seen += page.compactMap { $0["user"]?["id"]?.stringValue }
            cursor = response.json?["cursor"]?.stringValue ?? ""
        } while !cursor.isEmpty && seen.count < 10
        #expect(seen == others.map(\.id))

        let invites = try client.friends(me, query: "?state=1")
        #expect(invites.map { $0["user"]?["id"]?.stringValue } == [others[1].id, others[2].id])
        let firstInvite = try #require(try client.request("GET", "/v2/friend?state=1&limit=1", headers: me.headers).json)
        let inviteCursor = try #require(firstInvite["cursor"]?.stringValue)
        // A cursor from one state filter is refused under another.
        expectError(
            try client.request("GET", "/v2/friend?state=3&cursor=\(inviteCursor)", headers: me.headers), status: 400, code: 3,
            message: "Cursor is invalid.")
        #expect(try client.friends(me, query: "?state=1&cursor=\(inviteCursor)").first?["user"]?["id"]?.stringValue == others[2].id)

        for (query, message) in [
            ("limit=0", "Invalid limit - limit must be between 1 and 1000."),
            ("limit=1001", "Invalid limit - limit must be between 1 and 1000."),
            ("state=4", "Invalid state - state must be between 0 and 3."),
            ("state=-1", "Invalid state - state must be between 0 and 3."),
            ("cursor=garbage", "Cursor is invalid."),
        ] {
            expectError(try client.request("GET", "/v2/friend?\(query)", headers: me.headers), status: 400, code: 3, message: message)
        }
        expectError(try client.request("GET", "/v2/friend?limit=abc", headers: me.headers), status: 400, code: 3)
    }

    @Test func friendsOfFriendsListsTheirOtherFriends() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        let friend = try TestUser(client)
        let theirs = try (0..<3).map { _ in try TestUser(client) }
        func befriend(_ a: TestUser, _ b: TestUser) throws {
            _ = try client.request("POST", "/v2/friend?ids=\(b.id)", headers: a.headers)
            _ = try client.request("POST", "/v2/friend?ids=\(a.id)", headers: b.headers)
        }
        try befriend(me, friend)
        for other in theirs { try befriend(friend, other) }
        // An invite only (not a friendship) does not count.
        _ = try client.request("POST", "/v2/friend?ids=\(try TestUser(client).id)", headers: friend.headers)

        var seen: [String] = []
        var cursor = ""
        repeat {
            let response = try client.request(
                "GET", "/v2/friend/friends?limit=2\(cursor.isEmpty ? "" : "&cursor=\(cursor)")", headers: me.headers)
            #expect(response.status == 200, "\(response)")
            for entry in response.json?["friends_of_friends"]?.arrayValue ?? [] {
                #expect(entry["referrer"] == .string(friend.id))
                seen.append(entry["user"]?["id"]?.stringValue ?? "")
            }
            cursor = response.json?["cursor"]?.stringValue ?? ""
        } while !cursor.isEmpty && seen.count < 10
        #expect(Set(seen) == Set(theirs.map(\.id)) && seen.count == 3)

        let lonely = try TestUser(client)
        #expect(try client.request("GET", "/v2/friend/friends", headers: lonely.headers).json == .object(JSONObject()))
        expectError(
            try client.request("GET", "/v2/friend/friends?limit=101", headers: me.headers), status: 400, code: 3,
            message: "Invalid limit - limit must be between 1 and 100.")
        expectError(try client.request("GET", "/v2/friend/friends?cursor=zz", headers: me.headers), status: 400, code: 3)
    }

    @Test func socialImportsAreUnimplemented() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        expectError(
            try client.request("POST", "/v2/friend/facebook", headers: me.headers, json: [:]), status: 400, code: 3,
            message: "Facebook token is required.")
        expectError(
            try client.request("POST", "/v2/friend/facebook?reset=true", headers: me.headers, json: ["token": "t"]),
            status: 501, code: 12, message: "Facebook friend import is not implemented.")
        expectError(
            try client.request("POST", "/v2/friend/steam", headers: me.headers, json: ["token": "t"]), status: 501, code: 12,
            message: "Steam friend import is not implemented.")
    }
}

@Suite struct FriendAccountDeletionTests {
    @Test func deletingAnAccountKeepsFriendsEdgeCountsTrue() throws {
        let client = try Shared.client()
        let alice = try TestUser(client)
        let bob = try TestUser(client)
        #expect(try client.request("POST", "/v2/friend?ids=\(bob.id)", headers: alice.headers).status == 200)
        #expect(try client.request("POST", "/v2/friend?ids=\(alice.id)", headers: bob.headers).status == 200)
        #expect(try client.edgeCount(alice) == 1)
        #expect(try client.request("DELETE", "/v2/account", headers: bob.headers).status == 200)
        #expect(try client.edgeCount(alice) == 0)
        #expect(try client.friends(alice).isEmpty)
    }
}
