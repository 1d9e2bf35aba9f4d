import ShoalCore
import ShoalCrypto
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalStorageRules
import ShoalStore

/// The storage operations REST routes and the runtime share: validation by `StorageRules`, MD5 versions,
/// then `StorageStore`. Failures are `StorageRejection`s (INVALID_ARGUMENT) or store errors.
package struct StorageService {
    private let store: StorageStore

    package init(connection: PGConnection) { self.store = StorageStore(connection: connection) }

    /// The version of a stored value: lowercase hex MD5 of its text.
    package static func version(of value: String) -> String { Digest.hex(Digest.md5(Array(value.utf8))) }

    package func write(_ writes: [StorageWrite], caller: StorageCaller) throws -> [StorageObjectAck] {
        for write in writes {
            let parsed = try? JSONParser.parse(Array(write.value.utf8))
            var isObject = false
            if case .object? = parsed { isObject = true }
            try StorageRules.validateWrite(
                collection: write.collection, key: write.key, value: write.value, valueIsObject: isObject,
                permissionRead: write.permissionRead, permissionWrite: write.permissionWrite)
        }
        return try store.write(writes, caller: caller, version: StorageService.version)
    }

    package func read(_ ids: [StorageObjectID], caller: StorageCaller) throws -> [StorageObject] {
        for id in ids { try StorageRules.validateID(collection: id.collection, key: id.key) }
        return try store.read(ids, caller: caller)
    }

    package func delete(_ ids: [StorageObjectID], caller: StorageCaller) throws {
        for id in ids { try StorageRules.validateID(collection: id.collection, key: id.key) }
        try store.delete(ids, caller: caller)
    }

    /// A page of `collection`: `owner` nil lists every owner's objects the caller may see.
    package func list(
        collection: String, owner: UserID?, caller: StorageCaller, limit: Int64?, cursor: String,
        maximumLimit: Int = StorageRules.maxClientListLimit
    ) throws -> StorageObjectList {
        let limit = try StorageRules.listLimit(limit, maximum: maximumLimit)
        guard !collection.isEmpty else { throw StorageRejection.idFieldsMissing }
        let scope = StorageRules.listScope(owner: owner?.description, caller: caller)
        let position = try StorageListCursor.decode(cursor, collection: collection, scope: scope)
        return try store.list(collection: collection, scope: scope, limit: limit, cursor: position)
    }
}
