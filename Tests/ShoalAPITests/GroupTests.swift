import Foundation
import ShoalJSON
import ShoalTestSupport
import Testing

/// A user of the group tests: token, id and username from a fresh device login.
struct GroupTestUser {
    var token: String
    var id: String
    var username: String

    init(_ client: HTTPTestClient) throws {
        token = try client.token()
        let session = try claims(of: token)
        id = try #require(session["uid"]?.stringValue)
        username = try #require(session["usn"]?.stringValue)
    }
}

extension HTTPTestClient {
    func createGroup(_ owner: GroupTestUser, _ body: JSONObject = [:]) throws -> JSON {
        var body = body
        if body["name"] == nil { body["name"] = .string(uniqueID("group")) }
        let response = try request("POST", "/v2/group", headers: bearer(owner.token), json: .object(body))
        #expect(response.status == 200, "\(response)")
        return try #require(response.json)
    }

    func groupCall(_ method: String, _ path: String, _ user: GroupTestUser, json: JSON? = nil) throws -> Response {
        if let json { return try request(method, path, headers: bearer(user.token), json: json) }
        return try request(method, path, headers: bearer(user.token))
    }

    /// `group_users` of a group as (user id → state).
    func groupStates(_ group: String, _ viewer: GroupTestUser) throws -> [String: Int64] {
        let response = try groupCall("GET", "/v2/group/\(group)/user", viewer)
        #expect(response.status == 200, "\(response)")
        var states: [String: Int64] = [:]
        for entry in response.json?["group_users"]?.arrayValue ?? [] {
            if let id = entry["user"]?["id"]?.stringValue { states[id] = entry["state"]?.intValue }
        }
        return states
    }

    func edgeCount(_ group: String, _ viewer: GroupTestUser) throws -> Int64? {
        let response = try groupCall("GET", "/v2/user/\(viewer.id)/group", viewer)
        for entry in response.json?["user_groups"]?.arrayValue ?? [] where entry["group"]?["id"]?.stringValue == group {
            return entry["group"]?["edge_count"]?.intValue ?? 0
        }
        return nil
    }

    func notifications(_ user: GroupTestUser) throws -> [JSON] {
        try groupCall("GET", "/v2/notification?limit=100", user).json?["notifications"]?.arrayValue ?? []
    }

    func groupMessageCodes(_ group: String, _ viewer: GroupTestUser) throws -> [Int64] {
        let response = try groupCall("GET", "/v2/channel/3.\(group)..?limit=100", viewer)
        #expect(response.status == 200, "\(response)")
        return (response.json?["messages"]?.arrayValue ?? []).compactMap { $0["code"]?.intValue }
    }
}

@Suite struct GroupTests {
    @Test func createReturnsTheGroupWithItsCreatorAsSuperadmin() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        let name = uniqueID("Group")
        let group = try client.createGroup(owner, ["name": .string(name), "description": "d", "max_count": 10])
        #expect(group["name"] == .string(name))
        #expect(group["creator_id"] == .string(owner.id))
        #expect(group["open"] == .bool(false))
        #expect(group["edge_count"] == .int(1))
        #expect(group["max_count"] == .int(10))
        #expect(group["lang_tag"] == .string("en"))
        #expect(group["description"] == .string("d"))
        #expect(group["metadata"] == .string("{}"))
        #expect(group["create_time"]?.stringValue?.hasSuffix("Z") == true)
        let id = try #require(group["id"]?.stringValue)
        #expect(try client.groupStates(id, owner) == [owner.id: 0])
        let defaulted = try client.createGroup(owner, ["open": true])
        #expect(defaulted["max_count"] == .int(100))
        #expect(defaulted["open"] == .bool(true))
    }

    @Test func createRejectsBadInput() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        expectError(
            try client.groupCall("POST", "/v2/group", owner, json: ["description": "x"]), status: 400, code: 3,
            message: "Group name must be set.")
        expectError(
            try client.groupCall("POST", "/v2/group", owner, json: ["name": .string("x-" + uniqueID()), "max_count": -1]),
            status: 400, code: 3, message: "Group max count must be >= 1.")
        let name = uniqueID("taken")
        _ = try client.createGroup(owner, ["name": .string(name)])
        expectError(
            try client.groupCall("POST", "/v2/group", owner, json: ["name": .string(name)]), status: 409, code: 6,
            message: "Group name is in use.")
        expectError(try client.request("POST", "/v2/group", json: ["name": "x"]), status: 401, code: 16)
    }

    @Test func invalidAndUnknownGroupIDs() throws {
        let client = try Shared.client()
        let user = try GroupTestUser(client)
        let unknown = UUID().uuidString.lowercased()
        for path in ["join", "leave"] {
            expectError(
                try client.groupCall("POST", "/v2/group/not-a-uuid/\(path)", user), status: 400, code: 3,
                message: "Group ID must be a valid ID.")
            expectError(
                try client.groupCall("POST", "/v2/group/\(unknown)/\(path)", user), status: 404, code: 5,
                message: "Group not found.")
        }
        expectError(
            try client.groupCall("POST", "/v2/group/\(unknown)/add?user_ids=\(user.id)", user), status: 404, code: 5,
            message: "Group not found or permission denied.")
        expectError(
            try client.groupCall("PUT", "/v2/group/\(unknown)", user, json: ["name": "n"]), status: 404, code: 5,
            message: "Group not found or you're not allowed to update.")
        expectError(
            try client.groupCall("DELETE", "/v2/group/\(unknown)", user), status: 404, code: 5,
            message: "Group not found or you're not allowed to delete.")
        expectError(
            try client.groupCall("GET", "/v2/user/nope/group", user), status: 400, code: 3,
            message: "User ID must be a valid ID.")
        let list = try client.groupCall("GET", "/v2/group/\(unknown)/user", user)
        #expect(list.status == 200 && list.json == .object(JSONObject()), "\(list)")
    }

    @Test func openGroupJoinLeaveAndChannelMessages() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        let member = try GroupTestUser(client)
        let id = try #require(try client.createGroup(owner, ["open": true])["id"]?.stringValue)
        let join = try client.groupCall("POST", "/v2/group/\(id)/join", member)
        #expect(join.status == 200 && join.json == .object(JSONObject()), "\(join)")
        #expect(try client.groupStates(id, owner) == [owner.id: 0, member.id: 2])
        #expect(try client.edgeCount(id, member) == 2)
        // Joining again is a no-op.
        #expect(try client.groupCall("POST", "/v2/group/\(id)/join", member).status == 200)
        #expect(try client.edgeCount(id, member) == 2)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/leave", member).status == 200)
        #expect(try client.groupStates(id, owner) == [owner.id: 0])
        #expect(try client.edgeCount(id, owner) == 1)
        let history = try client.groupCall("GET", "/v2/channel/3.\(id)..?limit=100", owner)
        let messages = try #require(history.json?["messages"]?.arrayValue, "\(history)")
        #expect(messages.compactMap { $0["code"]?.intValue } == [3, 5])
        #expect(messages.first?["sender_id"] == .string(member.id))
        #expect(messages.first?["username"] == .string(member.username))
        #expect(messages.first?["group_id"] == .string(id))
        #expect(messages.first?["content"] == .string("{}"))
        // The last superadmin cannot leave.
        expectError(
            try client.groupCall("POST", "/v2/group/\(id)/leave", owner), status: 400, code: 3,
            message: "Cannot leave group when you are the last superadmin.")
    }

    @Test func closedGroupJoinRequestsNotifyAdminsAndAddAcceptsThem() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        let admin = try GroupTestUser(client)
        let applicant = try GroupTestUser(client)
        let group = try client.createGroup(owner)
        let id = try #require(group["id"]?.stringValue)
        let name = try #require(group["name"]?.stringValue)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/add?user_ids=\(admin.id)", owner).status == 200)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/promote?user_ids=\(admin.id)", owner).status == 200)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/join", applicant).status == 200)
        #expect(try client.groupStates(id, owner) == [owner.id: 0, admin.id: 1, applicant.id: 3])
        #expect(try client.edgeCount(id, owner) == 2)
        for recipient in [owner, admin] {
            let request = try #require(try client.notifications(recipient).first { $0["code"] == .int(-5) })
            #expect(request["subject"] == .string("User \(applicant.username) wants to join your group"))
            #expect(request["sender_id"] == .string(applicant.id))
            let content = try JSONParser.parse(Array((request["content"]?.stringValue ?? "").utf8))
            #expect(content["group_id"] == .string(id))
            #expect(content["username"] == .string(applicant.username))
        }
        // A plain member cannot accept; an admin can.
        let member = try GroupTestUser(client)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/add?user_ids=\(member.id)", owner).status == 200)
        expectError(
            try client.groupCall("POST", "/v2/group/\(id)/add?user_ids=\(applicant.id)", member), status: 404, code: 5,
            message: "Group not found or permission denied.")
        #expect(try client.groupCall("POST", "/v2/group/\(id)/add?user_ids=\(applicant.id)", admin).status == 200)
        #expect(try client.groupStates(id, owner)[applicant.id] == 2)
        #expect(try client.edgeCount(id, owner) == 4)
        let added = try #require(try client.notifications(applicant).first { $0["code"] == .int(-4) })
        #expect(added["subject"] == .string("You've been added to group \(name)"))
        #expect(added["sender_id"] == .string(admin.id))
        let content = try JSONParser.parse(Array((added["content"]?.stringValue ?? "").utf8))
        #expect(content["group_id"] == .string(id) && content["name"] == .string(name))
        #expect(try client.groupMessageCodes(id, owner) == [4, 7, 4, 4])
    }

    @Test func memberOperationPermissions() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        let admin = try GroupTestUser(client)
        let other = try GroupTestUser(client)
        let member = try GroupTestUser(client)
        let id = try #require(try client.createGroup(owner, ["open": true])["id"]?.stringValue)
        for user in [admin, other, member] {
            #expect(try client.groupCall("POST", "/v2/group/\(id)/join", user).status == 200)
        }
        #expect(try client.groupCall("POST", "/v2/group/\(id)/promote?user_ids=\(admin.id)&user_ids=\(other.id)", owner).status == 200)
        // An admin cannot promote another admin to superadmin, nor kick or demote the superadmin: silent no-ops.
        #expect(try client.groupCall("POST", "/v2/group/\(id)/promote?user_ids=\(other.id)", admin).status == 200)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/kick?user_ids=\(owner.id)", admin).status == 200)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/demote?user_ids=\(owner.id)", admin).status == 200)
        #expect(try client.groupStates(id, owner) == [owner.id: 0, admin.id: 1, other.id: 1, member.id: 2])
        // An admin demotes an admin of equal rank; a member may do nothing.
        #expect(try client.groupCall("POST", "/v2/group/\(id)/demote?user_ids=\(other.id)", admin).status == 200)
        for operation in ["add", "kick", "ban", "promote", "demote"] {
            expectError(
                try client.groupCall("POST", "/v2/group/\(id)/\(operation)?user_ids=\(other.id)", member), status: 404,
                code: 5, message: "Group not found or permission denied.")
        }
        // Demote never goes below member.
        #expect(try client.groupCall("POST", "/v2/group/\(id)/demote?user_ids=\(other.id)", owner).status == 200)
        #expect(try client.groupStates(id, owner) == [owner.id: 0, admin.id: 1, other.id: 2, member.id: 2])
        // Ban keeps a state-4 edge, frees the slot, and a banned user's join changes nothing.
        #expect(try client.groupCall("POST", "/v2/group/\(id)/ban?user_ids=\(member.id)", admin).status == 200)
        #expect(try client.groupStates(id, owner)[member.id] == 4)
        #expect(try client.edgeCount(id, owner) == 3)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/join", member).status == 200)
        #expect(try client.groupStates(id, owner)[member.id] == 4)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/kick?user_ids=\(other.id)", admin).status == 200)
        #expect(try client.groupStates(id, owner) == [owner.id: 0, admin.id: 1, member.id: 4])
        let banned = try client.groupCall("GET", "/v2/group/\(id)/user?state=4", owner)
        #expect(banned.json?["group_users"]?.arrayValue?.count == 1)
        // Bad user ids and empty lists.
        expectError(
            try client.groupCall("POST", "/v2/group/\(id)/kick?user_ids=bad", owner), status: 400, code: 3,
            message: "User ID must be a valid ID.")
        #expect(try client.groupCall("POST", "/v2/group/\(id)/kick", owner).status == 200)
        expectError(
            try client.groupCall("POST", "/v2/group/\(id)/add?user_ids=\(UUID().uuidString.lowercased())", owner),
            status: 404, code: 5, message: "User not found.")
    }

    @Test func fullGroupsRefuseJoinsAndAdds() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        let first = try GroupTestUser(client)
        let late = try GroupTestUser(client)
        let id = try #require(try client.createGroup(owner, ["open": true, "max_count": 2])["id"]?.stringValue)
        #expect(try client.groupCall("POST", "/v2/group/\(id)/join", first).status == 200)
        expectError(try client.groupCall("POST", "/v2/group/\(id)/join", late), status: 400, code: 3, message: "Group is full.")
        expectError(
            try client.groupCall("POST", "/v2/group/\(id)/add?user_ids=\(late.id)", owner), status: 400, code: 3,
            message: "Group is full.")
        #expect(try client.edgeCount(id, owner) == 2)
    }

    @Test func concurrentJoinsNeverExceedMaxCount() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        let id = try #require(try client.createGroup(owner, ["open": true, "max_count": 3])["id"]?.stringValue)
        let users = try (0..<8).map { _ in try GroupTestUser(client) }
        let port = try Shared.node.get().port
        let statuses = LockedStatuses()
        DispatchQueue.concurrentPerform(iterations: users.count) { index in
            let status = (try? HTTPTestClient(port: port).groupCall("POST", "/v2/group/\(id)/join", users[index]).status) ?? 0
            statuses.append(status)
        }
        #expect(statuses.values.filter { $0 == 200 }.count == 2)
        #expect(statuses.values.filter { $0 == 400 }.count == 6)
        #expect(try client.edgeCount(id, owner) == 3)
        #expect(try client.groupStates(id, owner).count == 3)
    }

    @Test func updateAndDeletePermissions() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        let admin = try GroupTestUser(client)
        let member = try GroupTestUser(client)
        let id = try #require(try client.createGroup(owner, ["open": true])["id"]?.stringValue)
        for user in [admin, member] { #expect(try client.groupCall("POST", "/v2/group/\(id)/join", user).status == 200) }
        #expect(try client.groupCall("POST", "/v2/group/\(id)/promote?user_ids=\(admin.id)", owner).status == 200)
        expectError(
            try client.groupCall("PUT", "/v2/group/\(id)", member, json: ["description": "x"]), status: 404, code: 5,
            message: "Group not found or you're not allowed to update.")
        expectError(
            try client.groupCall("PUT", "/v2/group/\(id)", admin, json: [:]), status: 400, code: 3,
            message: "Specify at least one field to update.")
        expectError(
            try client.groupCall("PUT", "/v2/group/\(id)", admin, json: ["name": ""]), status: 400, code: 3,
            message: "Group name cannot be empty.")
        let name = uniqueID("renamed")
        let update = try client.groupCall(
            "PUT", "/v2/group/\(id)", admin, json: ["name": .string(name), "open": false, "avatar_url": "http://a/b.png"])
        #expect(update.status == 200 && update.json == .object(JSONObject()), "\(update)")
        let listed = try client.groupCall("GET", "/v2/user/\(admin.id)/group", admin).json?["user_groups"]?[0]
        #expect(listed?["group"]?["name"] == .string(name))
        #expect(listed?["group"]?["open"] == .bool(false))
        #expect(listed?["group"]?["avatar_url"] == .string("http://a/b.png"))
        #expect(listed?["state"] == .int(1))
        expectError(
            try client.groupCall("DELETE", "/v2/group/\(id)", admin), status: 404, code: 5,
            message: "Group not found or you're not allowed to delete.")
        #expect(try client.groupCall("DELETE", "/v2/group/\(id)", owner).status == 200)
        #expect(try client.groupStates(id, owner).isEmpty)
        #expect(try client.edgeCount(id, member) == nil)
        expectError(try client.groupCall("POST", "/v2/group/\(id)/join", member), status: 404, code: 5)
    }

    @Test func listsPageWithCursorsAndFilter() throws {
        let client = try Shared.client()
        let owner = try GroupTestUser(client)
        let prefix = uniqueID("Paged")
        var ids: [String] = []
        for index in 0..<3 {
            let group = try client.createGroup(
                owner, ["name": .string("\(prefix)-\(index)"), "open": .bool(index != 1), "lang_tag": "fr"])
            ids.append(try #require(group["id"]?.stringValue))
        }
        let first = try client.groupCall("GET", "/v2/group?name=\(prefix.lowercased())%25&limit=2", owner)
        #expect(first.json?["groups"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == Array(ids[0..<2]), "\(first)")
        let cursor = try #require(first.json?["cursor"]?.stringValue)
        let second = try client.groupCall("GET", "/v2/group?name=\(prefix)%25&limit=2&cursor=\(cursor)", owner)
        #expect(second.json?["groups"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[2]])
        #expect(second.json?["cursor"] == nil)
        let exact = try client.groupCall("GET", "/v2/group?name=\(prefix)-1", owner)
        #expect(exact.json?["groups"]?.arrayValue?.count == 1)
        let closed = try client.groupCall("GET", "/v2/group?lang_tag=fr&open=false&members=1&limit=100", owner)
        #expect(closed.json?["groups"]?.arrayValue?.contains { $0["id"] == .string(ids[1]) } == true)
        #expect(closed.json?["groups"]?.arrayValue?.contains { $0["id"] == .string(ids[0]) } == false)
        expectError(
            try client.groupCall("GET", "/v2/group?name=x&open=true", owner), status: 400, code: 3,
            message: "name filter cannot be combined with any other filter")
        expectError(
            try client.groupCall("GET", "/v2/group?limit=101", owner), status: 400, code: 3,
            message: "Invalid limit - limit must be between 1 and 100.")
        expectError(try client.groupCall("GET", "/v2/group?cursor=garbage", owner), status: 400, code: 3)
        let defaultLimit = try client.groupCall("GET", "/v2/group?name=\(prefix)%25", owner)
        #expect(defaultLimit.json?["groups"]?.arrayValue?.count == 1)

        let mine = try client.groupCall("GET", "/v2/user/\(owner.id)/group?limit=2", owner)
        #expect(mine.json?["user_groups"]?.arrayValue?.count == 2)
        let next = try #require(mine.json?["cursor"]?.stringValue)
        let rest = try client.groupCall("GET", "/v2/user/\(owner.id)/group?limit=2&cursor=\(next)", owner)
        #expect(rest.json?["user_groups"]?.arrayValue?.count == 1)
        #expect(rest.json?["user_groups"]?[0]?["state"] == .int(0))
        expectError(
            try client.groupCall("GET", "/v2/group/\(ids[0])/user?state=5", owner), status: 400, code: 3,
            message: "Invalid state - state must be between 0 and 4.")
        expectError(
            try client.groupCall("GET", "/v2/group/\(ids[0])/user?limit=0", owner), status: 400, code: 3,
            message: "Invalid limit - limit must be between 1 and 100.")
        expectError(try client.groupCall("GET", "/v2/group/\(ids[0])/user?cursor=zz", owner), status: 400, code: 3)
    }
}

/// Statuses collected from concurrent requests.
final class LockedStatuses: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []
    func append(_ status: Int) { lock.withLock { stored.append(status) } }
    var values: [Int] { lock.withLock { stored } }
}
