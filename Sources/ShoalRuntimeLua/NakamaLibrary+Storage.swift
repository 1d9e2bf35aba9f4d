import ShoalCore
import ShoalJSON
import ShoalLua
import ShoalProtocol
import ShoalRuntime

extension NakamaLibrary {
    /// `storage_read`, `storage_write`, `storage_delete` and `storage_list` (runtime.md §2.6): the server's
    /// view of storage, without permission checks; values are Lua tables, times Unix seconds.
    static func storage(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        let services = instance.services
        return [
            "storage_read": { arguments in
                let ids = try entries(arguments, "storage_read").map { try objectID($0, arguments, versioned: false) }
                do {
                    return [LuaJSON.luaValue(from: .array(try services.storageRead(ids).map(objectJSON)))]
                } catch let error as RuntimeError {
                    throw fail("failed to read storage objects: \(error.message)")
                }
            },
            "storage_write": { arguments in
                let writes = try entries(arguments, "storage_write").map { try storageWrite($0, arguments) }
                do {
                    let acks = try services.storageWrite(writes).map { ack -> JSON in
                        .object(JSONObject([
                            ("collection", .string(ack.collection)), ("key", .string(ack.key)),
                            ("user_id", .string(ack.userID.description)), ("version", .string(ack.version)),
                        ]))
                    }
                    return [LuaJSON.luaValue(from: .array(acks))]
                } catch let error as RuntimeError {
                    throw fail("failed to write storage objects: \(error.message)")
                }
            },
            "storage_delete": { arguments in
                let ids = try entries(arguments, "storage_delete").map { try objectID($0, arguments, versioned: true) }
                do {
                    try services.storageDelete(ids)
                } catch let error as RuntimeError {
                    throw fail("failed to remove storage: \(error.message)")
                }
                return []
            },
            "storage_list": { arguments in
                let owner = try optionalUserID(arguments, 1)
                let collection = try arguments.string(2)
                let limit = try arguments.integer(3)
                let cursor = try arguments.optionalString(4) ?? ""
                let caller = try optionalUserID(arguments, 5)
                do {
                    let page = try services.storageList(
                        owner: owner, collection: collection, limit: limit, cursor: cursor, caller: caller)
                    return [
                        LuaJSON.luaValue(from: .array(page.objects.map(objectJSON))),
                        page.cursor.isEmpty ? .nil : LuaValue(page.cursor),
                    ]
                } catch let error as RuntimeError {
                    throw fail("failed to list storage objects: \(error.message)")
                }
            },
        ]
    }

    /// The tables of argument 1, which must be an array of tables.
    private static func entries(_ arguments: LuaArguments, _ name: String) throws -> [LuaTable] {
        try arguments.table(1).array.map { value in
            guard case .table(let table) = value else { throw arguments.badArgument(1, "expects a table of tables") }
            return table
        }
    }

    private static func field(_ table: LuaTable, _ name: String, _ arguments: LuaArguments) throws -> String? {
        switch table[name] {
        case .nil: return nil
        case .string(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: throw arguments.badArgument(1, "expects \(name) to be a string")
        }
    }

    private static func objectID(_ table: LuaTable, _ arguments: LuaArguments, versioned: Bool) throws -> StorageObjectID {
        var userID = UserID.system
        if let text = try field(table, "user_id", arguments), !text.isEmpty {
            guard let parsed = UserID(text) else { throw arguments.badArgument(1, "expects user_id to be a valid UUID") }
            userID = parsed
        }
        return StorageObjectID(
            collection: try field(table, "collection", arguments) ?? "", key: try field(table, "key", arguments) ?? "",
            userID: userID, version: versioned ? try field(table, "version", arguments) ?? "" : "")
    }

    private static func storageWrite(_ table: LuaTable, _ arguments: LuaArguments) throws -> StorageWrite {
        let id = try objectID(table, arguments, versioned: true)
        guard case .table(let valueTable) = table["value"] else {
            throw arguments.badArgument(1, "expects value to be a table")
        }
        let value: JSON
        do {
            value = try LuaJSON.json(from: .table(valueTable))
        } catch {
            throw arguments.badArgument(1, "expects value to be convertible to JSON: \(error)")
        }
        func permission(_ name: String) throws -> Int {
            switch table[name] {
            case .nil: return 1
            case .number(let number) where number == number.rounded(): return Int(number)
            default: throw arguments.badArgument(1, "expects \(name) to be an integer")
            }
        }
        return StorageWrite(
            collection: id.collection, key: id.key, userID: id.userID, value: JSONWriter.string(value),
            version: id.version, permissionRead: try permission("permission_read"),
            permissionWrite: try permission("permission_write"))
    }

    private static func optionalUserID(_ arguments: LuaArguments, _ index: Int) throws -> UserID? {
        guard let text = try arguments.optionalString(index), !text.isEmpty else { return nil }
        guard let id = UserID(text) else { throw arguments.badArgument(index, "expects a valid user id") }
        return id
    }

    /// A stored object as Nakama's Lua runtime returns it: value as a table, times as Unix seconds.
    static func objectJSON(_ object: StorageObject) -> JSON {
        .object(JSONObject([
            ("collection", .string(object.collection)), ("key", .string(object.key)),
            ("user_id", .string(object.userID.description)), ("version", .string(object.version)),
            ("permission_read", .int(Int64(object.permissionRead))),
            ("permission_write", .int(Int64(object.permissionWrite))),
            ("create_time", .int(object.createTime.seconds)), ("update_time", .int(object.updateTime.seconds)),
            ("value", (try? JSONParser.parse(Array(object.value.utf8))) ?? .object(JSONObject())),
        ]))
    }
}
