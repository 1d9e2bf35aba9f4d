import ShoalCore
import ShoalPostgres
import ShoalProtocol

/// Persisted chat messages (`message`), keyed by channel stream and ordered by (create_time, id).
/// Realtime chat and group system messages write here; channel history reads it.
package struct ChannelMessageStore {
    /// A message's place in its channel's order; pages start strictly after (or before) it.
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

    /// Stores a message; its create and update times come from the database clock. Returns it as stored.
    @discardableResult
    package func insert(_ message: ChannelMessage) throws -> ChannelMessage {
        let channel = message.channel
        let result = try connection.query(
            """
            INSERT INTO message (id, code, sender_id, username, stream_mode, stream_subject, stream_descriptor,
                stream_label, content, create_time, update_time)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, clock_timestamp(), clock_timestamp())
            RETURNING (extract(epoch FROM create_time) * 1000000)::bigint
            """,
            [
                .text(message.id.description), .int(Int64(message.code)), .text(message.senderID.description),
                .text(message.username), .int(Int64(channel.streamMode)), .text(channel.streamSubject.description),
                .text(channel.streamDescriptor.description), .text(channel.streamLabel), .text(message.content),
            ])
        var stored = message
        stored.createTime = Timestamp(microseconds: result.rows.first?.int(0) ?? 0)
        stored.updateTime = stored.createTime
        stored.persistent = true
        return stored
    }

    /// Up to `limit` messages of the channel strictly after `start` in the given direction (ascending =
    /// oldest first), in that direction's order.
    package func list(channel: ChannelID, limit: Int, ascending: Bool, after start: Position?) throws -> [ChannelMessage] {
        var params: [PGValue] = [
            .int(Int64(channel.streamMode)), .text(channel.streamSubject.description),
            .text(channel.streamDescriptor.description), .text(channel.streamLabel), .int(Int64(limit)),
        ]
        var filter = ""
        if let start {
            params += [.int(start.createTime.microseconds), .text(start.id.description)]
            filter =
                " AND (create_time, id) \(ascending ? ">" : "<") ('epoch'::timestamptz + $6::bigint * interval '1 microsecond', $7::uuid)"
        }
        let order = ascending ? "ASC" : "DESC"
        let result = try connection.query(
            """
            SELECT id, code, sender_id, username, content::text, (extract(epoch FROM create_time) * 1000000)::bigint,
                (extract(epoch FROM update_time) * 1000000)::bigint
            FROM message
            WHERE stream_mode = $1 AND stream_subject = $2 AND stream_descriptor = $3 AND stream_label = $4\(filter)
            ORDER BY create_time \(order), id \(order) LIMIT $5
            """, params)
        return result.rows.map { row in
            ChannelMessage(
                channel: channel, id: UUIDValue(row.string(0) ?? "") ?? .zero, code: Int(row.int(1) ?? 0),
                senderID: UserID(row.string(2) ?? "") ?? .system, username: row.string(3) ?? "",
                content: row.string(4) ?? "{}", createTime: Timestamp(microseconds: row.int(5) ?? 0),
                updateTime: Timestamp(microseconds: row.int(6) ?? 0), persistent: true)
        }
    }

    /// Rewrites one of the sender's stored messages in the channel: `code` 1 (update) with new content, or
    /// 2 (remove) with `{}` as Nakama leaves it. Nil when the sender has no such message there.
    package func rewrite(channel: ChannelID, id: UUIDValue, sender: UserID, code: Int, content: String) throws
        -> ChannelMessage?
    {
        let result = try connection.query(
            """
            UPDATE message SET code = $7, content = $8::jsonb, update_time = clock_timestamp()
            WHERE id = $1 AND sender_id = $2 AND stream_mode = $3 AND stream_subject = $4 AND stream_descriptor = $5
              AND stream_label = $6
            RETURNING username, content::text, (extract(epoch FROM create_time) * 1000000)::bigint,
                (extract(epoch FROM update_time) * 1000000)::bigint
            """,
            [
                .text(id.description), .text(sender.description), .int(Int64(channel.streamMode)),
                .text(channel.streamSubject.description), .text(channel.streamDescriptor.description),
                .text(channel.streamLabel), .int(Int64(code)), .text(content),
            ])
        guard let row = result.rows.first else { return nil }
        return ChannelMessage(
            channel: channel, id: id, code: code, senderID: sender, username: row.string(0) ?? "",
            content: row.string(1) ?? content, createTime: Timestamp(microseconds: row.int(2) ?? 0),
            updateTime: Timestamp(microseconds: row.int(3) ?? 0), persistent: true)
    }
}
