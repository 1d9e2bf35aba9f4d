import ShoalJSON
import ShoalTestSupport
import Testing

/// `nk` friends, notifications and channel functions, called from Lua through a real node and database.
@Suite struct SocialFunctionTests {
    static let modules = [
        "social.lua": """
            local nk = require("nakama")

            local function rpc(name, fn)
              nk.register_rpc(function(ctx, payload) return nk.json_encode(fn(nk.json_decode(payload))) end, name)
            end

            rpc("friends", function(p)
              local out = {}
              nk.friends_add(p.a, p.a_name, {p.b}, nil, {note = 1})
              local list = nk.friends_list(p.a)
              out.invite_state = list[1].state
              out.invite_user = list[1].user.user_id
              nk.friends_add(p.b, p.b_name, nil, {p.a_name})
              list = nk.friends_list(p.a, 10, 0)
              out.friend_state = list[1].state
              out.friend_note = list[1].metadata.note
              nk.friends_add(p.a, p.a_name, {p.c})
              local page, cursor = nk.friends_list(p.a, 1)
              out.page_len = #page
              local rest = nk.friends_list(p.a, 1, nil, cursor)
              out.second_user = rest[1].user.user_id
              nk.friends_block(p.a, p.a_name, {p.b})
              out.blocked = #nk.friends_list(p.a, 10, 3)
              out.b_after_block = #nk.friends_list(p.b)
              nk.friends_delete(p.a, p.a_name, {p.b, p.c})
              out.after_delete = #nk.friends_list(p.a)
              local ok, err = pcall(nk.friends_add, p.a, p.a_name, {p.a})
              out.self_error = err
              ok, err = pcall(nk.friends_list, p.a, 0)
              out.limit_error = err
              ok, err = pcall(nk.friends_list, "bad")
              out.id_error = err
              return out
            end)

            rpc("notify", function(p)
              nk.notification_send(p.a, "hello", {x = 1}, 5, p.b, true)
              nk.notifications_send({
                {user_id = p.a, subject = "second", content = {}, code = 6, persistent = true},
                {user_id = p.a, subject = "live only", content = {}, code = 7},
              })
              nk.notification_send(p.a, "pushed", {}, 8)
              local out = {}
              local ok, err = pcall(nk.notification_send, p.a, "bad", {}, 0)
              out.code_error = err
              ok, err = pcall(nk.notification_send, "x", "bad", {}, 1)
              out.user_error = err
              ok, err = pcall(nk.notification_send, p.a, "", {}, 1)
              out.subject_error = err
              ok, err = pcall(nk.notification_send, p.a, "s", "notatable", 1)
              out.content_error = err
              ok = pcall(nk.notification_send, p.a, "reserved", {}, -1500)
              out.reserved_ok = ok
              return out
            end)

            rpc("notify_all", function(p)
              nk.notification_send_all("to everyone", {all = true}, 9, true)
              return {}
            end)

            rpc("channels", function(p)
              local out = {
                room = nk.channel_id_build(nil, "lobby", 1),
                dm = nk.channel_id_build(p.b, p.a, 2),
                group = nk.channel_id_build("", p.group, 3),
              }
              local ok, err = pcall(nk.channel_id_build, nil, "lobby", 7)
              out.type_error = err
              ok, err = pcall(nk.channel_id_build, "bad", p.a, 2)
              out.dm_error = err
              for i = 1, 3 do
                nk.sql_exec("INSERT INTO message (id, code, sender_id, username, stream_mode, stream_subject, stream_descriptor, stream_label, content, create_time, update_time) VALUES ($1::uuid, 0, $2::uuid, 'ann', 2, '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000', $3, $4::jsonb, to_timestamp($5), to_timestamp($5))",
                  {nk.uuid_v4(), p.a, p.room, nk.json_encode({n = i}), 1700000000 + i})
              end
              local messages, next_cursor, prev_cursor = nk.channel_messages_list("2..." .. p.room, 2)
              out.first_len = #messages
              out.first_content = messages[1].content
              out.first_room = messages[1].roomName
              out.first_time = messages[1].createTime
              out.has_next = next_cursor ~= nil
              out.no_prev = prev_cursor == nil
              local more = nk.channel_messages_list("2..." .. p.room, 2, true, next_cursor)
              out.second_len = #more
              local newest = nk.channel_messages_list("2..." .. p.room, 1, false)
              out.newest_time = newest[1].createTime
              ok, err = pcall(nk.channel_messages_list, "bad")
              out.channel_error = err
              return out
            end)
            """,
    ]
    static let shared: Result<TestNode, any Error> = Result { try node(modules) }

    struct User {
        var token: String
        var id: String
        var username: String
    }

    func user(_ client: HTTPTestClient) throws -> User {
        let token = try client.token()
        let account = try #require(try client.request("GET", "/v2/account", headers: bearer(token)).json)
        return User(
            token: token, id: try #require(account["user"]?["id"]?.stringValue),
            username: try #require(account["user"]?["username"]?.stringValue))
    }

    func call(_ id: String, _ payload: JSON) throws -> JSON {
        try Self.shared.get().client().rpcJSON(id, JSONWriter.string(payload))
    }

    @Test func friendFunctions() throws {
        let client = try Self.shared.get().client()
        let (a, b, c) = (try user(client), try user(client), try user(client))
        let result = try call(
            "friends",
            ["a": .string(a.id), "a_name": .string(a.username), "b": .string(b.id), "b_name": .string(b.username),
             "c": .string(c.id)])
        #expect(result["invite_state"] == .int(1))
        #expect(result["invite_user"] == .string(b.id))
        #expect(result["friend_state"] == .int(0))
        #expect(result["friend_note"] == .int(1))
        #expect(result["page_len"] == .int(1))
        #expect(result["second_user"] == .string(c.id))
        #expect(result["blocked"] == .int(1))
        #expect(result["b_after_block"] == .int(0))
        #expect(result["after_delete"] == .int(0))
        #expect(result["self_error"]?.stringValue?.contains("Cannot add self as friend.") == true, "\(result)")
        #expect(result["limit_error"]?.stringValue?.contains("expects limit to be 1-1000") == true, "\(result)")
        #expect(result["id_error"]?.stringValue?.contains("invalid user id") == true, "\(result)")
        // The friend request reached b through the same notification path as REST. (Another test may
        // broadcast to every user meanwhile, so look for it rather than expect it first.)
        let stored = try client.request("GET", "/v2/notification?limit=100", headers: bearer(b.token)).json
        #expect(stored?["notifications"]?.arrayValue?.contains { $0["code"] == .int(-2) } == true)
    }

    @Test func notificationFunctions() throws {
        let client = try Self.shared.get().client()
        let (a, b) = (try user(client), try user(client))
        let result = try call("notify", ["a": .string(a.id), "b": .string(b.id)])
        let stored = try #require(
            try client.request("GET", "/v2/notification?limit=100", headers: bearer(a.token)).json?["notifications"]?.arrayValue)
        #expect(stored.map { $0["subject"] } == [.string("hello"), .string("second")])
        #expect(stored.first?["sender_id"] == .string(b.id))
        #expect(stored.first?["code"] == .int(5))
        #expect(stored.first?["content"]?.stringValue?.contains("\"x\"") == true)
        #expect(stored.last?["sender_id"] == .string("00000000-0000-0000-0000-000000000000"))
        #expect(result["code_error"]?.stringValue?.contains("expects code to number above 0") == true, "\(result)")
        #expect(result["user_error"]?.stringValue?.contains("bad argument #1") == true, "\(result)")
        #expect(result["subject_error"]?.stringValue?.contains("bad argument #2") == true, "\(result)")
        #expect(result["content_error"]?.stringValue?.contains("bad argument #3") == true, "\(result)")
        #expect(result["reserved_ok"] == .bool(true))

        _ = try call("notify_all", [:])
        for user in [a, b] {
            let list = try client.request("GET", "/v2/notification?limit=100", headers: bearer(user.token)).json
            #expect(list?["notifications"]?.arrayValue?.contains { $0["subject"] == .string("to everyone") } == true)
        }
    }

    @Test func channelFunctions() throws {
        let client = try Self.shared.get().client()
        let (a, b) = (try user(client), try user(client))
        let group = "33333333-3333-4333-8333-333333333333"
        let result = try call(
            "channels", ["a": .string(a.id), "b": .string(b.id), "group": .string(group), "room": .string(uniqueID("room"))])
        #expect(result["room"] == .string("2...lobby"))
        let (low, high) = a.id < b.id ? (a.id, b.id) : (b.id, a.id)
        #expect(result["dm"] == .string("4.\(low).\(high)."))
        #expect(result["group"] == .string("3.\(group).."))
        #expect(result["type_error"]?.stringValue?.contains("bad argument #3") == true, "\(result)")
        #expect(result["dm_error"]?.stringValue?.contains("bad argument #1") == true, "\(result)")
        #expect(result["first_len"] == .int(2))
        #expect(result["first_content"]?.stringValue?.contains("\"n\": 1") == true, "\(result)")
        #expect(result["first_time"] == .int(1_700_000_001))
        #expect(result["has_next"] == .bool(true))
        #expect(result["no_prev"] == .bool(true))
        #expect(result["second_len"] == .int(1))
        #expect(result["newest_time"] == .int(1_700_000_003))
        #expect(result["channel_error"]?.stringValue?.contains("Invalid channel ID.") == true, "\(result)")
    }
}
