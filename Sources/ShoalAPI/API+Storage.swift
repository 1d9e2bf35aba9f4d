import ShoalCore
import ShoalJSON
import ShoalProtocol
import ShoalStorageRules

/// Storage objects (Nakama's api_storage): write, read, delete and list, under the rules of protocol.md §5.
extension API {
    static var storageRoutes: [Route] {
        let whole = RequestMapping(body: .whole)
        let list = RequestMapping(query: [("user_id", .string), ("limit", .integer), ("cursor", .string)])
        return [
            Route("PUT", "/v2/storage", name: "WriteStorageObjects", auth: .session, mapping: whole) {
                try $0.writeStorageObjects(&$1)
            },
            Route("POST", "/v2/storage", name: "ReadStorageObjects", auth: .session, mapping: whole) {
                try $0.readStorageObjects(&$1)
            },
            Route("PUT", "/v2/storage/delete", name: "DeleteStorageObjects", auth: .session, mapping: whole) {
                try $0.deleteStorageObjects(&$1)
            },
            Route("GET", "/v2/storage/{collection}", name: "ListStorageObjects", auth: .session, mapping: list) {
                try $0.listStorageObjects(&$1)
            },
            Route("GET", "/v2/storage/{collection}/{user_id}", name: "ListStorageObjects", auth: .session, mapping: list) {
                try $0.listStorageObjects(&$1)
            },
        ]
    }

    func writeStorageObjects(_ context: inout RequestContext) throws -> JSON? {
        let user = try context.userID
        let writes = try StorageWrite.decodeList(from: context.message, owner: user)
        let acks = try StorageService(connection: context.database).write(writes, caller: .user(user.description))
        var out = WireObject()
        out.list("acks", acks.map(\.json))
        return out.json
    }

    func readStorageObjects(_ context: inout RequestContext) throws -> JSON? {
        let user = try context.userID
        let ids = try StorageObjectID.decodeList(from: context.message)
        let objects = try StorageService(connection: context.database).read(ids, caller: .user(user.description))
        var out = WireObject()
        out.list("objects", objects.map(\.json))
        return out.json
    }

    func deleteStorageObjects(_ context: inout RequestContext) throws -> JSON? {
        let user = try context.userID
        let ids = try StorageObjectID.decodeList(from: context.message, owner: user)
        try StorageService(connection: context.database).delete(ids, caller: .user(user.description))
        return nil
    }

    func listStorageObjects(_ context: inout RequestContext) throws -> JSON? {
        let user = try context.userID
        let message = context.message
        var owner: UserID?
        if let text = try message.string("user_id"), !text.isEmpty {
            guard let parsed = UserID(text) else {
                throw APIError(.invalidArgument, "Invalid user ID - make sure user ID is a valid UUID.")
            }
            owner = parsed
        }
        return try StorageService(connection: context.database).list(
            collection: try message.string("collection") ?? "", owner: owner, caller: .user(user.description),
            limit: try message.integer("limit"), cursor: try message.string("cursor") ?? ""
        ).json
    }
}
