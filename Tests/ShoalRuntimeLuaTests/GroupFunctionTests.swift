import ShoalCore
import ShoalAuth
import ShoalJSON
import ShoalTestSupport
import Testing

/// The `nk.group_*` functions called from Lua through a real node and database.
@Suite struct GroupFunctionTests {
    static let modules = [
        "groups.lua": """
            local nk = require("nakama")

            local function states(gid)
              local out = {}
              for _, entry in ipairs(nk.group_users_list(gid)) do out[entry.user.user_id] = entry.state end
              return out
            end

            local function lifecycle(ctx, payload)
              local p = nk.json_decode(payload)
              local g = nk.group_create(p.owner, p.name, nil, "de", "about", nil, false, {level = 3}, 3)
              local r = {created = g}
              nk.group_user_join(g.id, p.a, "a")
              r.requests = #nk.group_users_list(g.id, 100, 3)
              nk.group_users_add(g.id, {p.a}, p.owner)
              nk.group_users_add(g.id, {p.b})
              r.after_add = states(g.id)
              local ok_full, err_full = pcall(nk.group_users_add, g.id, {p.c}, p.owner)
              r.full = {ok = ok_full, err = err_full}
              local ok_perm, err_perm = pcall(nk.group_users_kick, g.id, {p.a}, p.b)
              r.denied = {ok = ok_perm, err = err_perm}
              nk.group_users_promote(g.id, {p.a, p.b}, p.owner)
              nk.group_users_promote(g.id, {p.a})
              r.promoted = states(g.id)
              nk.group_users_demote(g.id, {p.a}, p.owner)
              nk.group_users_kick(g.id, {p.b}, p.owner)
              nk.group_users_ban(g.id, {p.c})
              r.after_kick_ban = states(g.id)
              local ok_leave, err_leave = pcall(nk.group_user_leave, g.id, p.owner, "owner")
              r.leave = {ok = ok_leave, err = err_leave}
              nk.group_user_leave(g.id, p.a, "a")
              nk.group_update(g.id, nil, p.name .. "-renamed", nil, nil, "new about", nil, true, {level = 4}, 10)
              local fetched = nk.groups_get_id({g.id})[1]
              r.fetched = fetched
              local listed, cursor = nk.groups_list(p.name .. "-ren%", nil, nil, nil, 10)
              r.listed = #listed
              r.list_cursor = cursor
              local mine, next_cursor = nk.user_groups_list(p.owner, 1)
              r.mine = mine[1].state
              r.mine_name = mine[1].group.name
              r.mine_cursor = next_cursor
              local ok_denied_update, err_denied_update = pcall(nk.group_update, g.id, p.c, "x")
              r.denied_update = err_denied_update
              nk.group_delete(g.id)
              r.after_delete = #nk.groups_get_id({g.id})
              return nk.json_encode(r)
            end

            local function errors(ctx, payload)
              local p = nk.json_decode(payload)
              local r = {}
              local ok1, e1 = pcall(nk.group_delete, "not-a-uuid")
              local ok2, e2 = pcall(nk.group_create, "nope", "name")
              local ok3, e3 = pcall(nk.group_create, p.owner, p.name)
              local ok4, e4 = pcall(nk.group_create, p.owner, p.name)
              local ok5, e5 = pcall(nk.group_user_join, "00000000-0000-0000-0000-00000000abcd", p.owner, "x")
              local ok6, e6 = pcall(nk.group_users_list, "00000000-0000-0000-0000-00000000abcd", 101)
              local ok7, e7 = pcall(nk.groups_list, "a", "en")
              return nk.json_encode({e1 = e1, e2 = e2, ok3 = ok3, e4 = e4, e5 = e5, e6 = e6, e7 = e7})
            end

            nk.register_rpc(lifecycle, "lifecycle")
            nk.register_rpc(errors, "errors")
            """,
    ]
    static let shared: Result<TestNode, any Error> = Result { try node(modules) }

    func userID(_ client: HTTPTestClient) throws -> String {
        let token = try client.token()
        let parts = token.split(separator: ".")
        let bytes = try #require(Base64.decode(parts[1]))
        return try #require(try JSONParser.parse(bytes)["uid"]?.stringValue)
    }

    @Test func groupLifecycleFromLua() throws {
        let client = try Self.shared.get().client()
        let (owner, a, b, c) = (try userID(client), try userID(client), try userID(client), try userID(client))
        let name = uniqueID("lua-group")
        let payload: JSON = ["owner": .string(owner), "a": .string(a), "b": .string(b), "c": .string(c), "name": .string(name)]
        let result = try client.rpcJSON("lifecycle", JSONWriter.string(payload))
        let created = try #require(result["created"])
        #expect(created["name"] == .string(name))
        #expect(created["creator_id"] == .string(owner))
        #expect(created["lang_tag"] == .string("de"))
        #expect(created["metadata"]?["level"] == .int(3))
        #expect(created["open"] == .bool(false))
        #expect(created["edge_count"] == .int(1))
        #expect(created["max_count"] == .int(3))
        #expect(result["requests"] == .int(1))
        #expect(result["after_add"] == ["\(owner)": 0, "\(a)": 2, "\(b)": 2])
        #expect(result["full"]?["ok"] == .bool(false))
        #expect(result["full"]?["err"]?.stringValue?.contains("group is full") == true)
        #expect(result["denied"]?["err"]?.stringValue?.contains("group permission denied") == true)
        #expect(result["promoted"] == ["\(owner)": 0, "\(a)": 0, "\(b)": 1])
        #expect(result["after_kick_ban"] == ["\(owner)": 0, "\(a)": 1, "\(c)": 4])
        #expect(result["leave"]?["err"]?.stringValue?.contains("user is last group superadmin") == true)
        let fetched = try #require(result["fetched"])
        #expect(fetched["name"] == .string(name + "-renamed"))
        #expect(fetched["description"] == .string("new about"))
        #expect(fetched["open"] == .bool(true))
        #expect(fetched["max_count"] == .int(10))
        #expect(fetched["metadata"]?["level"] == .int(4))
        #expect(fetched["edge_count"] == .int(1))
        #expect((fetched["create_time"]?.intValue ?? 0) > 1_700_000_000)
        #expect(result["listed"] == .int(1))
        #expect(result["list_cursor"] == nil)
        #expect(result["mine"] == .int(0))
        #expect(result["mine_name"] == .string(name + "-renamed"))
        #expect(result["denied_update"]?.stringValue?.contains("group permission denied") == true)
        #expect(result["after_delete"] == .int(0))
    }

    @Test func groupArgumentAndServiceErrorsFromLua() throws {
        let client = try Self.shared.get().client()
        let owner = try userID(client)
        let payload: JSON = ["owner": .string(owner), "name": .string(uniqueID("lua-dup"))]
        let result = try client.rpcJSON("errors", JSONWriter.string(payload))
        #expect(result["e1"] == .string("bad argument #1 to 'group_delete' (invalid group id)"))
        #expect(result["e2"] == .string("bad argument #1 to 'group_create' (invalid user id)"))
        #expect(result["ok3"] == .bool(true))
        #expect(result["e4"] == .string("error while trying to create group: group name in use"))
        #expect(result["e5"] == .string("error while trying to join group: group not found"))
        #expect(result["e6"]?.stringValue?.contains("Invalid limit - limit must be between 1 and 100.") == true)
        #expect(result["e7"]?.stringValue?.contains("name filter cannot be combined with any other filter") == true)
    }
}
