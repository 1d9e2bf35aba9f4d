import ShoalCore
import ShoalPostgres
import ShoalProtocol
import ShoalStorageRules

/// The storage repository (Nakama's core_storage): reads the state `StorageRules` decides on and applies
/// the decision. Runs on a request worker's connection.
///
/// Writes and deletes of one call run in one transaction and lock the rows they touch (in a fixed order, so
/// concurrent batches cannot deadlock): a rejection of any object rolls back the whole batch, and of several
/// writers holding the same version exactly one succeeds. Values are stored as JSONB; the version is the
/// MD5 of the JSONB text PostgreSQL returns, which is also the `value` every read returns.
package struct StorageStore {
    private let connection: PGConnection

    package init(connection: PGConnection) { self.connection = connection }

    /// Writes every object or none; acks in input order. `version` hashes a stored value's text.
    /// Throws `StorageRejection` for a refused object.
    package func write(_ writes: [StorageWrite], caller: StorageCaller, version: (String) -> String) throws
        -> [StorageObjectAck]
    {
        guard !writes.isEmpty else { return [] }
        return try connection.transaction { connection in
            var acks = [StorageObjectAck?](repeating: nil, count: writes.count)
            for index in StorageStore.lockOrder(writes.map { ($0.collection, $0.key, $0.userID) }) {
                acks[index] = try StorageStore.write(writes[index], caller: caller, version: version, connection)
            }
            return acks.compactMap { $0 }
        }
    }

    private static func write(
        _ write: StorageWrite, caller: StorageCaller, version: (String) -> String, _ connection: PGConnection
    ) throws -> StorageObjectAck {
        let identity: [PGValue] = [.text(write.collection), .text(write.key), .text(write.userID.description)]
        // A concurrent insert of the same new object makes ours find a conflict; the second pass sees it.
        for _ in 0..<3 {
            let current: PGResult
            do {
                current = try connection.query(
                    """
                    SELECT $4::jsonb::text, s.version, s.read, s.write
                    FROM (VALUES (1)) AS one LEFT JOIN LATERAL (
                        SELECT version, read, write FROM storage
                        WHERE collection = $1 AND key = $2 AND user_id = $3::uuid FOR UPDATE
                    ) s ON true
                    """, identity + [.text(write.value)])
            } catch let error as PGError where error.sqlState == "22P02" || error.sqlState == "22P05" {
                throw StorageRejection.valueNotObject
            }
            guard let row = current.rows.first, let stored = row.string(0) else { throw StorageRejection.valueNotObject }
            let existing = row.string(1).map {
                StoredObjectState(
                    version: $0, permissionRead: Int(row.int(2) ?? 0), permissionWrite: Int(row.int(3) ?? 0))
            }
            let newVersion = version(stored)
            let action = try StorageRules.write(existing: existing, requestedVersion: write.version, caller: caller)
            let values = identity + [
                .text(stored), .text(newVersion), .int(Int64(write.permissionRead)), .int(Int64(write.permissionWrite)),
            ]
            let result: PGResult
            switch action {
            case .insert:
                result = try connection.query(
                    """
                    INSERT INTO storage (collection, key, user_id, value, version, read, write)
                    VALUES ($1, $2, $3::uuid, $4::jsonb, $5, $6, $7) ON CONFLICT (collection, key, user_id) DO NOTHING
                    RETURNING \(times)
                    """, values)
            case .update:
                result = try connection.query(
                    """
                    UPDATE storage SET value = $4::jsonb, version = $5, read = $6, write = $7, update_time = now()
                    WHERE collection = $1 AND key = $2 AND user_id = $3::uuid RETURNING \(times)
                    """, values)
            }
            guard let written = result.rows.first else { continue }
            return StorageObjectAck(
                collection: write.collection, key: write.key, version: newVersion, userID: write.userID,
                createTime: Timestamp(microseconds: written.int(0) ?? 0),
                updateTime: Timestamp(microseconds: written.int(1) ?? 0))
        }
        throw StorageRejection.versionCheckFailed
    }

    /// The objects that exist and `caller` may read, in no particular order; each at most once.
    package func read(_ ids: [StorageObjectID], caller: StorageCaller) throws -> [StorageObject] {
        var seen = Set<[String]>()
        var collections: [String] = []
        var keys: [String] = []
        var users: [String] = []
        for id in ids where seen.insert([id.collection, id.key, id.userID.description]).inserted {
            collections.append(id.collection)
            keys.append(id.key)
            users.append(id.userID.description)
        }
        guard !collections.isEmpty else { return [] }
        let result = try connection.query(
            """
            SELECT \(StorageStore.objectColumns) FROM storage s
            JOIN unnest($1::text[], $2::text[], $3::uuid[]) AS ids (collection, key, user_id)
            ON s.collection = ids.collection AND s.key = ids.key AND s.user_id = ids.user_id
            """,
            [
                .text(UserStore.textArrayLiteral(collections)), .text(UserStore.textArrayLiteral(keys)),
                .text("{" + users.joined(separator: ",") + "}"),
            ])
        return result.rows.map(StorageStore.object).filter {
            StorageRules.canRead(permissionRead: $0.permissionRead, owner: $0.userID.description, caller: caller)
        }
    }

    /// Deletes every object or none. Throws `StorageRejection.deleteRejected` for a refused object.
    package func delete(_ ids: [StorageObjectID], caller: StorageCaller) throws {
        guard !ids.isEmpty else { return }
        try connection.transaction { connection in
            for index in StorageStore.lockOrder(ids.map { ($0.collection, $0.key, $0.userID) }) {
                let id = ids[index]
                let identity: [PGValue] = [.text(id.collection), .text(id.key), .text(id.userID.description)]
                let row = try connection.query(
                    """
                    SELECT version, read, write FROM storage
                    WHERE collection = $1 AND key = $2 AND user_id = $3::uuid FOR UPDATE
                    """, identity
                ).rows.first
                let existing = row.map {
                    StoredObjectState(
                        version: $0.string(0) ?? "", permissionRead: Int($0.int(1) ?? 0),
                        permissionWrite: Int($0.int(2) ?? 0))
                }
                let action = try StorageRules.delete(existing: existing, requestedVersion: id.version, caller: caller)
                if action == .delete {
                    try connection.query(
                        "DELETE FROM storage WHERE collection = $1 AND key = $2 AND user_id = $3::uuid", identity)
                }
            }
        }
    }

    /// One page of a collection's objects within `scope`, ordered by (read, key, user_id), after `cursor`.
    package func list(collection: String, scope: StorageListScope, limit: Int, cursor: StorageListCursor?) throws
        -> StorageObjectList
    {
        var params: [PGValue] = [.text(collection), .int(Int64(scope.minimumRead)), .int(Int64(limit + 1))]
        var conditions = ["s.collection = $1", "s.read >= $2"]
        if let owner = scope.owner {
            params.append(.text(owner))
            conditions.append("s.user_id = $\(params.count)::uuid")
        }
        if let cursor {
            params += [.int(Int64(cursor.read)), .text(cursor.key), .text(cursor.userID)]
            let count = params.count
            conditions.append("(s.read, s.key, s.user_id) > ($\(count - 2)::smallint, $\(count - 1), $\(count)::uuid)")
        }
        let result = try connection.query(
            """
            SELECT \(StorageStore.objectColumns) FROM storage s WHERE \(conditions.joined(separator: " AND "))
            ORDER BY s.read, s.key, s.user_id LIMIT $3
            """, params)
        var objects = result.rows.map(StorageStore.object)
        var next = ""
        if objects.count > limit {
            objects.removeLast(objects.count - limit)
            if let last = objects.last {
                next = StorageListCursor(
                    collection: collection, scope: scope, read: last.permissionRead, key: last.key,
                    userID: last.userID.description
                ).encoded
            }
        }
        return StorageObjectList(objects: objects, cursor: next)
    }

    // MARK: Rows

    private static let times =
        "(extract(epoch FROM create_time) * 1000000)::bigint, (extract(epoch FROM update_time) * 1000000)::bigint"

    static let objectColumns = """
        s.collection, s.key, s.user_id, s.value::text, s.version, s.read, s.write,
        (extract(epoch FROM s.create_time) * 1000000)::bigint, (extract(epoch FROM s.update_time) * 1000000)::bigint
        """

    static func object(_ row: PGRow) -> StorageObject {
        StorageObject(
            collection: row.string(0) ?? "", key: row.string(1) ?? "", userID: UserID(row.string(2) ?? "") ?? .system,
            value: row.string(3) ?? "{}", version: row.string(4) ?? "", permissionRead: Int(row.int(5) ?? 0),
            permissionWrite: Int(row.int(6) ?? 0), createTime: Timestamp(microseconds: row.int(7) ?? 0),
            updateTime: Timestamp(microseconds: row.int(8) ?? 0))
    }

    /// Positions sorted by (collection, key, owner): every transaction locks rows in the same order.
    static func lockOrder(_ identities: [(collection: String, key: String, userID: UserID)]) -> [Int] {
        identities.indices.sorted { left, right in
            let a = identities[left]
            let b = identities[right]
            if a.collection != b.collection { return a.collection < b.collection }
            if a.key != b.key { return a.key < b.key }
            return a.userID < b.userID
        }
    }
}
