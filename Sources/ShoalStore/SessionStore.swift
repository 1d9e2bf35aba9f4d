import ShoalCore
import ShoalPostgres

/// Persists session revocations so they survive restarts and reach every node sharing the database.
///
/// Two kinds: one token id (logout of a token), or a per-user floor — tokens issued at or before
/// `notBefore` (unix seconds) are invalid (logout of everything, account deletion).
package struct SessionStore {
    /// A change since the last poll, for the nodes' in-memory caches.
    package enum Change: Sendable, Equatable {
        case tokenRevoked(TokenID, expiresAt: Int64)
        case userFloor(UserID, notBefore: Int64)
    }

    private let connection: PGConnection

    package init(connection: PGConnection) { self.connection = connection }

    package func revoke(token: TokenID, user: UserID, expiresAt: Int64) throws {
        try connection.query(
            """
            INSERT INTO session_revocation (token_id, user_id, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (token_id) DO NOTHING
            """, [.text(token.description), .text(user.description), .int(expiresAt)])
    }

    /// Raises the user's floor (never lowers it); returns the floor now in force.
    @discardableResult
    package func revokeAll(user: UserID, notBefore: Int64) throws -> Int64 {
        let result = try connection.query(
            """
            INSERT INTO session_user_floor (user_id, not_before) VALUES ($1, $2)
            ON CONFLICT (user_id) DO UPDATE
                SET not_before = GREATEST(session_user_floor.not_before, EXCLUDED.not_before),
                    update_time = clock_timestamp()
            RETURNING not_before
            """, [.text(user.description), .int(notBefore)])
        return result.rows.first?.int(0) ?? notBefore
    }

    /// Every revocation still relevant at `now`, plus the database's clock to poll from next.
    package func snapshot(now: Int64) throws -> (changes: [Change], cursor: Int64) {
        try changes(sinceMicroseconds: 0, now: now)
    }

    /// Changes recorded after `sinceMicroseconds` (database clock), with a new cursor.
    /// The caller polls with an overlap, so a late-committing writer is not missed; changes are idempotent.
    package func changes(sinceMicroseconds since: Int64, now: Int64) throws -> (changes: [Change], cursor: Int64) {
        let clock = try connection.query("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")
        let cursor = clock.rows.first?.int(0) ?? since
        var changes: [Change] = []
        let tokens = try connection.query(
            """
            SELECT token_id::text, expires_at FROM session_revocation
            WHERE create_time > to_timestamp($1::double precision / 1000000) AND expires_at > $2
            """, [.int(since), .int(now)])
        for row in tokens.rows {
            if let id = row.string(0).flatMap({ TokenID($0) }), let expiry = row.int(1) {
                changes.append(.tokenRevoked(id, expiresAt: expiry))
            }
        }
        let floors = try connection.query(
            """
            SELECT user_id::text, not_before FROM session_user_floor
            WHERE update_time > to_timestamp($1::double precision / 1000000)
            """, [.int(since)])
        for row in floors.rows {
            if let id = row.string(0).flatMap({ UserID($0) }), let floor = row.int(1) {
                changes.append(.userFloor(id, notBefore: floor))
            }
        }
        return (changes, cursor)
    }

    /// Drops token revocations whose tokens have expired anyway.
    package func prune(now: Int64) throws {
        try connection.query("DELETE FROM session_revocation WHERE expires_at <= $1", [.int(now)])
    }
}
