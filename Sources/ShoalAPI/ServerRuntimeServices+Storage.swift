import ShoalCore
import ShoalProtocol
import ShoalRuntime
import ShoalStorageRules

/// `nk.storage_*`: the runtime's storage calls, through the same `StorageService` as the REST routes but
/// acting as the server (no permission checks) unless a list names a caller.
extension ServerRuntimeServices {
    package func storageRead(_ ids: [StorageObjectID]) throws(RuntimeError) -> [StorageObject] {
        try run { try StorageService(connection: $0).read(ids, caller: .runtime) }
    }

    package func storageWrite(_ writes: [StorageWrite]) throws(RuntimeError) -> [StorageObjectAck] {
        try run { try StorageService(connection: $0).write(writes, caller: .runtime) }
    }

    package func storageDelete(_ ids: [StorageObjectID]) throws(RuntimeError) {
        try run { try StorageService(connection: $0).delete(ids, caller: .runtime) }
    }

    package func storageList(owner: UserID?, collection: String, limit: Int, cursor: String, caller: UserID?)
        throws(RuntimeError) -> StorageObjectList
    {
        try run { database in
            try StorageService(connection: database).list(
                collection: collection, owner: owner, caller: caller.map { .user($0.description) } ?? .runtime,
                limit: Int64(limit), cursor: cursor, maximumLimit: StorageRules.maxRuntimeListLimit)
        }
    }
}
