import ShoalCore
import ShoalPostgres
import ShoalProtocol
import ShoalSocialRules

/// The friend graph repository (`user_edge` plus `users.edge_count`): lists edges and applies
/// `FriendRules` decisions. Runs on a request worker's connection.
///
/// Each add/delete/block call is one transaction; each pair of users is serialised by a transaction-level
/// advisory lock, so concurrent operations on the same pair see each other's edges. `edge_count` changes
/// by exactly the `FriendChange` deltas in the same transaction.
package struct FriendStore {
    /// Where a friend list page starts (inclusive): Nakama orders by state, then position.
    package struct Position: Sendable, Hashable {
        package var state: FriendState
        package var position: Int64
        package init(state: FriendState, position: Int64) {
            self.state = state
            self.position = position
        }
    }

    /// Where a friends-of-friends page starts (inclusive).
    package struct PairPosition: Sendable, Hashable {
        package var referrer: UserID
        package var user: UserID
        package init(referrer: UserID, user: UserID) {
            self.referrer = referrer
            self.user = user
        }
    }

    package enum Operation: Sendable, CaseIterable {
        case add, delete, block
    }

    private let connection: PGConnection

    package init(connection: PGConnection) { self.connection = connection }

    // MARK: Lists

    /// My edges with the other users' profiles, by state then creation order; `next` starts the next page.
    package func list(user: UserID, limit: Int, state: FriendState?, from start: Position?) throws
        -> (friends: [Friend], next: Position?)
    {
        var params: [PGValue] = [.text(user.description)]
        var filter = ""
        if let state {
            params.append(.int(Int64(state.rawValue)))
            filter += " AND e.state = $\(params.count)"
        }
        if let start {
            params.append(.int(Int64(start.state.rawValue)))
            params.append(.int(start.position))
            filter += " AND (e.state, e.position) >= ($\(params.count - 1), $\(params.count))"
        }
        params.append(.int(Int64(limit + 1)))
        let result = try connection.query(
            """
            SELECT \(UserStore.userColumns), e.state, e.position,
                (extract(epoch FROM e.update_time) * 1000000)::bigint, e.metadata::text
            FROM user_edge e JOIN users u ON u.id = e.destination_id
            WHERE e.source_id = $1\(filter)
            ORDER BY e.state, e.position LIMIT $\(params.count)
            """, params)
        let base = UserStore.userColumnCount
        var friends: [Friend] = []
        var next: Position?
        for row in result.rows {
            let state = FriendState(rawValue: Int(row.int(base) ?? 0)) ?? .friend
            if friends.count == limit {
                next = Position(state: state, position: row.int(base + 1) ?? 0)
                break
            }
            friends.append(
                Friend(
                    user: UserStore.user(row), state: state,
                    updateTime: Timestamp(microseconds: row.int(base + 2) ?? 0), metadata: row.string(base + 3) ?? "{}"))
        }
        return (friends, next)
    }

    /// Friends of my friends who are not my friends themselves, by (referrer, user).
    package func friendsOfFriends(user: UserID, limit: Int, from start: PairPosition?) throws
        -> (entries: [FriendOfFriend], next: PairPosition?)
    {
        var params: [PGValue] = [.text(user.description)]
        var filter = ""
        if let start {
            params.append(.text(start.referrer.description))
            params.append(.text(start.user.description))
            filter = " AND (f.source_id, f.destination_id) >= ($2::uuid, $3::uuid)"
        }
        params.append(.int(Int64(limit + 1)))
        let result = try connection.query(
            """
            WITH mine AS (SELECT destination_id FROM user_edge WHERE source_id = $1 AND state = 0)
            SELECT \(UserStore.userColumns), f.source_id
            FROM user_edge f JOIN users u ON u.id = f.destination_id
            WHERE f.source_id IN (SELECT destination_id FROM mine) AND f.state = 0
              AND f.destination_id <> $1 AND f.destination_id NOT IN (SELECT destination_id FROM mine)\(filter)
            ORDER BY f.source_id, f.destination_id LIMIT $\(params.count)
            """, params)
        var entries: [FriendOfFriend] = []
        var next: PairPosition?
        for row in result.rows {
            let referrer = UserID(row.string(UserStore.userColumnCount) ?? "") ?? .system
            let friend = UserStore.user(row)
            if entries.count == limit {
                next = PairPosition(referrer: referrer, user: friend.id)
                break
            }
            entries.append(FriendOfFriend(referrer: referrer, user: friend))
        }
        return (entries, next)
    }

    /// The ids of the users with these usernames; unknown usernames are dropped.
    package func userIDs(usernames: [String]) throws -> [UserID] {
        guard !usernames.isEmpty else { return [] }
        let result = try connection.query(
            "SELECT id FROM users WHERE username = ANY($1::text[]) AND id <> '00000000-0000-0000-0000-000000000000'",
            [.text(UserStore.textArrayLiteral(usernames))])
        return result.rows.compactMap { UserID($0.string(0) ?? "") }
    }

    // MARK: Changes

    /// Applies one operation from `user` to each target (duplicates and `user` itself skipped) in one
    /// transaction. Targets with no account are skipped. `metadata` (a JSON object's text) is stored on
    /// my edge by `add` when it creates an invite, and merged into it when accepting. Returns the
    /// notices to send, one per affected target, in target order.
    package func apply(_ operation: Operation, from user: UserID, to targets: [UserID], metadata: String? = nil)
        throws -> [(user: UserID, notice: FriendNotice)]
    {
        var seen: Set<UserID> = [user]
        let unique = targets.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [] }
        return try connection.transaction { connection in
            var notices: [(user: UserID, notice: FriendNotice)] = []
            for (index, target) in unique.enumerated() {
                if let notice = try apply(operation, from: user, to: target, metadata: metadata, sequence: index, connection) {
                    notices.append((target, notice))
                }
            }
            return notices
        }
    }

    private func apply(
        _ operation: Operation, from user: UserID, to target: UserID, metadata: String?, sequence: Int,
        _ connection: PGConnection
    ) throws -> FriendNotice? {
        let (low, high) = user < target ? (user, target) : (target, user)
        let lockKey = Int64(bitPattern: low.uuid.high ^ (low.uuid.low &* 31) ^ (high.uuid.high &* 131) ^ high.uuid.low)
        try connection.query("SELECT pg_advisory_xact_lock($1)", [.int(lockKey)])
        let exists = try connection.query("SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE", [.text(target.description)])
        guard !exists.rows.isEmpty else { return nil }
        let edges = try connection.query(
            """
            SELECT source_id = $1, state FROM user_edge
            WHERE (source_id = $1 AND destination_id = $2) OR (source_id = $2 AND destination_id = $1)
            """, [.text(user.description), .text(target.description)])
        var mine: FriendState?
        var theirs: FriendState?
        for row in edges.rows {
            let state = FriendState(rawValue: Int(row.int(1) ?? 0))
            if row.bool(0) == true { mine = state } else { theirs = state }
        }
        let change: FriendChange
        switch operation {
        case .add: change = FriendRules.add(mine: mine, theirs: theirs)
        case .delete: change = FriendRules.delete(mine: mine, theirs: theirs)
        case .block: change = FriendRules.block(mine: mine, theirs: theirs)
        }
        try write(change.mine, source: user, destination: target, metadata: operation == .add ? metadata : nil, sequence: sequence, connection)
        try write(change.theirs, source: target, destination: user, metadata: nil, sequence: sequence, connection)
        return change.notice
    }

    private func write(
        _ write: FriendChange.EdgeWrite, source: UserID, destination: UserID, metadata: String?, sequence: Int,
        _ connection: PGConnection
    ) throws {
        let pair: [PGValue] = [.text(source.description), .text(destination.description)]
        switch write {
        case .keep:
            return
        case .create(let state):
            // Positions are creation-time nanoseconds; the sequence keeps edges made in one microsecond apart.
            try connection.query(
                """
                INSERT INTO user_edge (source_id, destination_id, state, position, update_time, metadata)
                VALUES ($1, $2, $3, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint * 1000 + $4, now(),
                    COALESCE($5::jsonb, '{}'))
                """, pair + [.int(Int64(state.rawValue)), .int(Int64(sequence % 1000)), metadata.map { .text($0) } ?? .null])
        case .change(let state):
            try connection.query(
                """
                UPDATE user_edge SET state = $3, update_time = now(), metadata = metadata || COALESCE($4::jsonb, '{}')
                WHERE source_id = $1 AND destination_id = $2
                """, pair + [.int(Int64(state.rawValue)), metadata.map { .text($0) } ?? .null])
        case .remove:
            try connection.query("DELETE FROM user_edge WHERE source_id = $1 AND destination_id = $2", pair)
        }
        if write.edgeCountDelta != 0 {
            try connection.query(
                "UPDATE users SET edge_count = edge_count + $2, update_time = now() WHERE id = $1",
                [.text(source.description), .int(Int64(write.edgeCountDelta))])
        }
    }
}
