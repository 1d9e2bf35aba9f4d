import ShoalCore
import ShoalGroupRules
import ShoalJSON
import ShoalLua
import ShoalProtocol
import ShoalRuntime

extension NakamaLibrary {
    /// Groups (runtime.md §2.10): create, update, delete, get, join, leave, member operations, lists.
    static func groups(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        let services = instance.services
        func members(_ operation: GroupMemberOperation, _ name: String, _ verb: String) -> LuaHostFunction {
            { arguments in
                let group = try groupID(arguments, 1, name)
                let users = try stringList(arguments, 2, name).map { text in
                    guard let user = UserID(text), user != .system else {
                        throw fail("bad argument #2 to '\(name)' (invalid user id)")
                    }
                    return user
                }
                let caller = try optionalUserID(arguments, 3, name)
                do {
                    try services.groupUsers(operation, group: group, users: users, actor: caller)
                } catch let error as RuntimeError {
                    throw fail("error while trying to \(verb): \(error.message)")
                }
                return []
            }
        }
        return [
            "group_create": { arguments in
                let user = try userID(arguments, 1, "group_create")
                var fields = GroupUpdate()
                let name = try arguments.string(2)
                guard !name.isEmpty else { throw fail("bad argument #2 to 'group_create' (expects group name not be empty)") }
                fields.name = name
                fields.creatorID = try optionalUserID(arguments, 3, "group_create")
                fields.langTag = try arguments.optionalString(4)
                fields.description = try arguments.optionalString(5)
                fields.avatarURL = try arguments.optionalString(6)
                fields.open = try arguments.optionalBool(7) ?? false
                fields.metadata = try metadata(arguments, 8)
                fields.maxCount = try arguments.optionalInteger(9) ?? GroupRules.defaultMaxCount
                guard fields.maxCount ?? 0 >= 1 else {
                    throw fail("bad argument #9 to 'group_create' (expects max_count to be >= 1)")
                }
                do {
                    return [LuaJSON.luaValue(from: groupJSON(try services.groupCreate(superadmin: user, fields)))]
                } catch let error as RuntimeError {
                    throw fail("error while trying to create group: \(error.message)")
                }
            },
            "group_update": { arguments in
                let group = try groupID(arguments, 1, "group_update")
                let caller = try optionalUserID(arguments, 2, "group_update")
                var fields = GroupUpdate()
                fields.name = try arguments.optionalString(3).flatMap { $0.isEmpty ? nil : $0 }
                fields.creatorID = try optionalUserID(arguments, 4, "group_update")
                fields.langTag = try arguments.optionalString(5).flatMap { $0.isEmpty ? nil : $0 }
                fields.description = try arguments.optionalString(6).flatMap { $0.isEmpty ? nil : $0 }
                fields.avatarURL = try arguments.optionalString(7).flatMap { $0.isEmpty ? nil : $0 }
                fields.open = try arguments.optionalBool(8)
                fields.metadata = try metadata(arguments, 9)
                fields.maxCount = try arguments.optionalInteger(10).flatMap { $0 > 0 ? $0 : nil }
                do {
                    try services.groupUpdate(group, actor: caller, fields)
                } catch let error as RuntimeError {
                    throw fail("error while trying to update group: \(error.message)")
                }
                return []
            },
            "group_delete": { arguments in
                let group = try groupID(arguments, 1, "group_delete")
                do {
                    try services.groupDelete(group)
                } catch let error as RuntimeError {
                    throw fail("error while trying to delete group: \(error.message)")
                }
                return []
            },
            "groups_get_id": { arguments in
                let ids = try stringList(arguments, 1, "groups_get_id").map { text in
                    guard let id = UUIDValue(text), id != .zero else {
                        throw fail("bad argument #1 to 'groups_get_id' (invalid group id)")
                    }
                    return id
                }
                do {
                    return [LuaJSON.luaValue(from: .array(try services.groupsGet(ids: ids).map(groupJSON)))]
                } catch let error as RuntimeError {
                    throw fail("failed to get groups: \(error.message)")
                }
            },
            "group_user_join": { arguments in
                let group = try groupID(arguments, 1, "group_user_join")
                let user = try userID(arguments, 2, "group_user_join")
                _ = try arguments.string(3)
                do {
                    try services.groupJoin(group, user: user)
                } catch let error as RuntimeError {
                    throw fail("error while trying to join group: \(error.message)")
                }
                return []
            },
            "group_user_leave": { arguments in
                let group = try groupID(arguments, 1, "group_user_leave")
                let user = try userID(arguments, 2, "group_user_leave")
                _ = try arguments.string(3)
                do {
                    try services.groupLeave(group, user: user)
                } catch let error as RuntimeError {
                    throw fail("error while trying to leave group: \(error.message)")
                }
                return []
            },
            "group_users_add": members(.add, "group_users_add", "add users into a group"),
            "group_users_kick": members(.kick, "group_users_kick", "kick users from a group"),
            "group_users_ban": members(.ban, "group_users_ban", "ban users from a group"),
            "group_users_promote": members(.promote, "group_users_promote", "promote users in a group"),
            "group_users_demote": members(.demote, "group_users_demote", "demote users in a group"),
            "group_users_list": { arguments in
                let group = try groupID(arguments, 1, "group_users_list")
                let (limit, state, cursor) = try page(arguments, from: 2)
                do {
                    let page = try services.groupUsersList(group, limit: limit, state: state, cursor: cursor)
                    let rows = page.members.map { member -> JSON in
                        .object(JSONObject([("user", userJSON(member.user)), ("state", .int(Int64(member.state)))]))
                    }
                    return [LuaJSON.luaValue(from: .array(rows)), page.cursor.map { LuaValue($0) } ?? .nil]
                } catch let error as RuntimeError {
                    throw fail("error while trying to list users in a group: \(error.message)")
                }
            },
            "user_groups_list": { arguments in
                let user = try userID(arguments, 1, "user_groups_list")
                let (limit, state, cursor) = try page(arguments, from: 2)
                do {
                    let page = try services.userGroupsList(user, limit: limit, state: state, cursor: cursor)
                    let rows = page.groups.map { entry -> JSON in
                        .object(JSONObject([("group", groupJSON(entry.group)), ("state", .int(Int64(entry.state)))]))
                    }
                    return [LuaJSON.luaValue(from: .array(rows)), page.cursor.map { LuaValue($0) } ?? .nil]
                } catch let error as RuntimeError {
                    throw fail("error while trying to list groups for a user: \(error.message)")
                }
            },
            "groups_list": { arguments in
                var filter = GroupListFilter()
                filter.name = try arguments.optionalString(1).flatMap { $0.isEmpty ? nil : $0 }
                filter.langTag = try arguments.optionalString(2).flatMap { $0.isEmpty ? nil : $0 }
                filter.open = try arguments.optionalBool(3)
                filter.maxMembers = try arguments.optionalInteger(4)
                let limit = try arguments.optionalInteger(5) ?? 100
                let cursor = try arguments.optionalString(6)
                do {
                    let page = try services.groupsList(filter, limit: limit, cursor: cursor)
                    return [LuaJSON.luaValue(from: .array(page.groups.map(groupJSON))), page.cursor.map { LuaValue($0) } ?? .nil]
                } catch let error as RuntimeError {
                    throw fail("error listing groups: \(error.message)")
                }
            },
        ]
    }

    static func groupID(_ arguments: LuaArguments, _ index: Int, _ name: String) throws -> UUIDValue {
        guard let id = UUIDValue(try arguments.string(index)), id != .zero else {
            throw fail("bad argument #\(index) to '\(name)' (invalid group id)")
        }
        return id
    }

    /// A user id argument where nil or "" means none (the system, for caller arguments).
    static func optionalUserID(_ arguments: LuaArguments, _ index: Int, _ name: String) throws -> UserID? {
        guard let text = try arguments.optionalString(index), !text.isEmpty else { return nil }
        guard let id = UserID(text) else { throw fail("bad argument #\(index) to '\(name)' (invalid user id)") }
        return id
    }

    /// An optional metadata table as a JSON object's text.
    private static func metadata(_ arguments: LuaArguments, _ index: Int) throws -> String? {
        guard let table = try arguments.optionalTable(index) else { return nil }
        return JSONWriter.string(try LuaJSON.json(from: .table(table)))
    }

    /// The `limit?=100, state?, cursor?` arguments of the membership lists.
    private static func page(_ arguments: LuaArguments, from index: Int) throws -> (Int, Int?, String?) {
        let limit = try arguments.optionalInteger(index) ?? 100
        let state = try arguments.optionalInteger(index + 1)
        let cursor = try arguments.optionalString(index + 2).flatMap { $0.isEmpty ? nil : $0 }
        return (limit, state, cursor)
    }

    /// A group as Nakama's Lua runtime shows it: metadata as a table, times as Unix seconds.
    static func groupJSON(_ group: Group) -> JSON {
        var object = JSONObject()
        object["id"] = .string(group.id.description)
        object["creator_id"] = .string(group.creatorID.description)
        object["name"] = .string(group.name)
        object["description"] = .string(group.description)
        object["avatar_url"] = .string(group.avatarURL)
        object["lang_tag"] = .string(group.langTag)
        object["metadata"] = (try? JSONParser.parse(group.metadata)) ?? .object(JSONObject())
        object["open"] = .bool(group.open)
        object["edge_count"] = .int(Int64(group.edgeCount))
        object["max_count"] = .int(Int64(group.maxCount))
        object["create_time"] = .int(group.createTime.seconds)
        object["update_time"] = .int(group.updateTime.seconds)
        return .object(object)
    }
}
