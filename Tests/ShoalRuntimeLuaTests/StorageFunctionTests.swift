import ShoalJSON
import ShoalTestSupport
import Testing

/// `nk.storage_*` called from Lua through a real node and database; the runtime ignores permissions.
@Suite struct StorageFunctionTests {
    static let modules = [
        "storage.lua": """
            local nk = require("nakama")

            local function storage(ctx, payload)
              local args = nk.json_decode(payload)
              local c = args.collection
              local user = nk.authenticate_device(args.device)
              local acks = nk.storage_write({
                {collection = c, key = "sys", value = {level = 3, tags = {"a", "b"}}, permission_read = 2, permission_write = 0},
                {collection = c, key = "mine", user_id = user, value = {coins = 10}, permission_read = 0},
              })
              local read = nk.storage_read({
                {collection = c, key = "sys"}, {collection = c, key = "mine", user_id = user}, {collection = c, key = "missing"},
              })
              local byKey = {}
              for _, object in ipairs(read) do byKey[object.key] = object end
              local ok1, e1 = pcall(nk.storage_write, {{collection = c, key = "sys", value = {x = 1}, version = "*"}})
              local ok2, e2 = pcall(nk.storage_write, {{collection = c, key = "sys", value = {x = 1}, version = "bad"}})
              local over = nk.storage_write({
                {collection = c, key = "sys", value = {level = 4}, version = acks[1].version, permission_read = 2, permission_write = 0},
              })
              local page1, cursor1 = nk.storage_list(nil, c, 1, "")
              local page2, cursor2 = nk.storage_list(nil, c, 1, cursor1)
              local own, ownCursor = nk.storage_list(user, c, 10)
              local public = nk.storage_list(nil, c, 10, "", user)
              local ok5, e5 = pcall(nk.storage_list, nil, c, 0)
              nk.storage_delete({{collection = c, key = "mine", user_id = user}, {collection = c, key = "nothing"}})
              local ok3, e3 = pcall(nk.storage_delete, {{collection = c, key = "sys", version = "nope"}})
              local after = nk.storage_read({{collection = c, key = "mine", user_id = user}, {collection = c, key = "sys"}})
              local ok4, e4 = pcall(nk.storage_write, {{collection = c, key = "k", value = "text"}})
              return nk.json_encode({
                user = user, ack_count = #acks, ack_user = acks[1].user_id, ack_mine_user = acks[2].user_id,
                ack_version = acks[1].version, read_count = #read,
                sys_level = byKey.sys.value.level, sys_tag2 = byKey.sys.value.tags[2], sys_version = byKey.sys.version,
                sys_read = byKey.sys.permission_read, sys_write = byKey.sys.permission_write,
                sys_time = byKey.sys.create_time, mine_coins = byKey.mine.value.coins, mine_read = byKey.mine.permission_read,
                ok1 = ok1, e1 = e1, ok2 = ok2, e2 = e2, over_version = over[1].version,
                page1 = page1[1].key, page2 = page2[1].key, cursor1 = cursor1 ~= nil, cursor2 = cursor2 == nil,
                own = #own, own_cursor = ownCursor == nil, public = #public, public_key = public[1].key,
                ok5 = ok5, e5 = e5, ok3 = ok3, e3 = e3, after = #after, after_level = after[1].value.level,
                ok4 = ok4, e4 = e4,
              })
            end

            nk.register_rpc(storage, "storage")
            """,
    ]

    @Test func readWriteDeleteAndListFromLua() throws {
        let node = try node(StorageFunctionTests.modules)
        let client = node.client()
        let collection = uniqueID("lua")
        let payload = JSONWriter.string(["collection": .string(collection), "device": .string(uniqueID())])
        let result = try client.rpcJSON("storage", payload)
        let user = try #require(result["user"]?.stringValue)
        #expect(result["ack_count"] == .int(2))
        #expect(result["ack_user"] == "00000000-0000-0000-0000-000000000000")
        #expect(result["ack_mine_user"] == .string(user))
        #expect(result["read_count"] == .int(2))
        #expect(result["sys_level"] == .int(3))
        #expect(result["sys_tag2"] == "b")
        #expect(result["sys_version"] == result["ack_version"])
        #expect(result["sys_read"] == .int(2))
        #expect(result["sys_write"] == .int(0))
        #expect((result["sys_time"]?.intValue ?? 0) > 1_700_000_000)
        #expect(result["mine_coins"] == .int(10))
        #expect(result["mine_read"] == .int(0))
        #expect(result["ok1"] == .bool(false))
        #expect(result["e1"]?.stringValue?.contains("Storage write rejected - version check failed.") == true)
        #expect(result["ok2"] == .bool(false))
        #expect(result["e2"]?.stringValue?.contains("Storage write rejected - version check failed.") == true)
        #expect(result["over_version"] != result["ack_version"])
        #expect(result["page1"] == "mine")
        #expect(result["page2"] == "sys")
        #expect(result["cursor1"] == .bool(true))
        #expect(result["cursor2"] == .bool(true))
        #expect(result["own"] == .int(1))
        #expect(result["own_cursor"] == .bool(true))
        #expect(result["public"] == .int(1))
        #expect(result["public_key"] == "sys")
        #expect(result["ok5"] == .bool(false))
        #expect(result["e5"]?.stringValue?.contains("Invalid limit") == true)
        #expect(result["ok3"] == .bool(false))
        #expect(result["e3"]?.stringValue?.contains("Storage delete rejected") == true)
        #expect(result["after"] == .int(1))
        #expect(result["after_level"] == .int(4))
        #expect(result["ok4"] == .bool(false))
        #expect(result["e4"]?.stringValue?.contains("expects value to be a table") == true)

        // What Lua wrote, a client reads with the same value text and version.
        let token = try client.token()
        let response = try client.request(
            "POST", "/v2/storage", headers: bearer(token),
            json: ["object_ids": [["collection": .string(collection), "key": "sys"]]])
        let object = try #require(response.json?["objects"]?[0], "\(response)")
        #expect(object["value"] == .string(#"{"level": 4}"#))
        #expect(object["version"] == result["over_version"])
        // Clients cannot overwrite the system object: their writes always go to their own.
        let own = try client.request(
            "PUT", "/v2/storage", headers: bearer(token),
            json: ["objects": [["collection": .string(collection), "key": "sys", "value": "{}"]]])
        #expect(own.json?["acks"]?[0]?["user_id"] != "00000000-0000-0000-0000-000000000000")
    }
}
