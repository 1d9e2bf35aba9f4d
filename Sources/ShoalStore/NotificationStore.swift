import ShoalCore
import ShoalPostgres
import ShoalProtocol

/// The stored (persistent) notifications of each user. Runs on a request worker's connection.
///
/// Stored notifications get their `create_time` from the database clock when inserted, so a user's list
/// has one total order, (create_time, id), which `Position` cursors follow.
package struct NotificationStore {
    /// A point in a user's list: notifications strictly after it are newer.
    package struct Position: Sendable, Hashable {
        package var createTime: Timestamp
        package var id: UUIDValue
        package init(createTime: Timestamp, id: UUIDValue) {
            self.createTime = createTime
            self.id = id
        }
    }

    private let connection: PGConnection

    package init(connection: PGConnection) { self.connection = connection }

    /// Stores the records (all of them: filtering non-persistent ones is the sender's job) and returns
    /// them with their stored create times.
    package func insert(_ records: [NotificationRecord]) throws -> [NotificationRecord] {
        try records.map { record in
            let result = try connection.query(
                """
                INSERT INTO notification (id, user_id, subject, content, code, sender_id, create_time)
                VALUES ($1, $2, $3, $4::jsonb, $5, $6, clock_timestamp())
                RETURNING (extract(epoch FROM create_time) * 1000000)::bigint
                """,
                [
                    .text(record.id.description), .text(record.userID.description), .text(record.subject),
                    .text(record.content), .int(Int64(record.code)), .text(record.senderID.description),
                ])
            var stored = record
            stored.createTime = Timestamp(microseconds: result.rows.first?.int(0) ?? 0)
            return stored
        }
    }

    /// Stores one notification for each of up to `limit` users with ids greater than `after` (every user
    /// but the system user), returning them in user id order. Callers page through all users with it.
    package func insertForUsers(
        after: UserID, limit: Int, subject: String, content: String, code: Int, sender: UserID
    ) throws -> [NotificationRecord] {
        let result = try connection.query(
            """
            INSERT INTO notification (id, user_id, subject, content, code, sender_id, create_time)
            SELECT gen_random_uuid(), id, $3, $4::jsonb, $5, $6, clock_timestamp() FROM users
            WHERE id > $1 AND id <> '00000000-0000-0000-0000-000000000000' ORDER BY id LIMIT $2
            RETURNING id, user_id, (extract(epoch FROM create_time) * 1000000)::bigint
            """,
            [
                .text(after.description), .int(Int64(limit)), .text(subject), .text(content), .int(Int64(code)),
                .text(sender.description),
            ])
        return result.rows.map { row in
            NotificationRecord(
                id: UUIDValue(row.string(0) ?? "") ?? .zero, userID: UserID(row.string(1) ?? "") ?? .system,
                subject: subject, content: content, code: code, senderID: sender,
                createTime: Timestamp(microseconds: row.int(2) ?? 0), persistent: true)
        }.sorted { $0.userID < $1.userID }
    }

    /// Up to `limit` user ids greater than `after`, in order (for sending to everyone in batches).
    package func userIDs(after: UserID, limit: Int) throws -> [UserID] {
        try connection.query(
            """
            SELECT id FROM users WHERE id > $1 AND id <> '00000000-0000-0000-0000-000000000000' ORDER BY id LIMIT $2
            """, [.text(after.description), .int(Int64(limit))]
        ).rows.compactMap { UserID($0.string(0) ?? "") }
    }

    /// A user's notifications oldest first, strictly after `after` when given.
    package func list(user: UserID, limit: Int, after: Position?) throws -> [NotificationRecord] {
        var params: [PGValue] = [.text(user.description), .int(Int64(limit))]
        var filter = ""
        if let after {
            params += [.int(after.createTime.microseconds), .text(after.id.description)]
            filter = " AND (create_time, id) > ('epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4::uuid)"
        }
        let result = try connection.query(
            """
            SELECT id, subject, content::text, code, sender_id, (extract(epoch FROM create_time) * 1000000)::bigint
            FROM notification WHERE user_id = $1\(filter) ORDER BY create_time, id LIMIT $2
            """, params)
        return result.rows.map { row in
            NotificationRecord(
                id: UUIDValue(row.string(0) ?? "") ?? .zero, userID: user, subject: row.string(1) ?? "",
                content: row.string(2) ?? "{}", code: Int(row.int(3) ?? 0), senderID: UserID(row.string(4) ?? "") ?? .system,
                createTime: Timestamp(microseconds: row.int(5) ?? 0), persistent: true)
        }
    }

    /// Deletes the user's notifications with these ids; other users' ids are ignored. Returns how many went.
    @discardableResult
    package func delete(user: UserID, ids: [UUIDValue]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let list = "{" + ids.map(\.description).joined(separator: ",") + "}"
        return try connection.query(
            "DELETE FROM notification WHERE user_id = $1 AND id = ANY($2::uuid[])", [.text(user.description), .text(list)]
        ).affectedRows
    }
}
