import ShoalCore
import ShoalGroupRules
import ShoalPostgres
import ShoalProtocol

/// The groups repository (`groups`, `group_edge`): creates, changes and lists groups and memberships,
/// applying `GroupRules` decisions and writing the group channel's system messages.
///
/// Every change is one transaction that first locks the group's row (`FOR UPDATE`), so concurrent
/// joins, adds and removals on one group are serialised: the rules always see the current roles and
/// counts, and `edge_count` (members, states 0–2) never exceeds `max_count`. Notifications are not sent
/// here: changes return what to notify, to send after the commit.
package struct GroupStore {
    /// A new group's fields; `maxCount` is already validated (≥ 1).
    package struct Draft: Sendable {
        package var name: String
        package var creatorID: UserID
        package var description = ""
        package var langTag = "en"
        package var avatarURL = ""
        package var open = false
        /// A JSON object's text.
        package var metadata = "{}"
        package var maxCount = GroupRules.defaultMaxCount

        package init(name: String, creatorID: UserID) {
            self.name = name
            self.creatorID = creatorID
        }
    }

    /// Where a membership list page starts (inclusive): lists are ordered by state, then position.
    package struct Position: Sendable, Hashable {
        package var state: Int
        package var position: Int64
        package init(state: Int, position: Int64) {
            self.state = state
            self.position = position
        }
    }

    /// One user's edge change in a committed transaction.
    package struct MemberChange: Sendable {
        package var user: UserID
        package var username: String
        package var change: GroupEdgeChange
    }

    /// What a membership transaction did: the group as it was locked, each change made, and for a join
    /// request the admins and superadmins to notify.
    package struct Outcome: Sendable {
        package var group: Group
        package var changes: [MemberChange]
        package var admins: [UserID]
    }

    private let connection: PGConnection

    package init(connection: PGConnection) { self.connection = connection }

    static let columns = """
        g.id, g.creator_id, g.name, COALESCE(g.description, ''), COALESCE(g.avatar_url, ''), g.lang_tag,
        g.metadata::text, g.state, g.edge_count, g.max_count, (extract(epoch FROM g.create_time) * 1000000)::bigint,
        (extract(epoch FROM g.update_time) * 1000000)::bigint
        """
    static let columnCount = 12
    static let active = "g.disable_time = '1970-01-01 00:00:00 UTC'"

    static func group(_ row: PGRow, from base: Int = 0) -> Group {
        var group = Group(
            id: UUIDValue(row.string(base) ?? "") ?? .zero, creatorID: UserID(row.string(base + 1) ?? "") ?? .system,
            name: row.string(base + 2) ?? "")
        group.description = row.string(base + 3) ?? ""
        group.avatarURL = row.string(base + 4) ?? ""
        group.langTag = row.string(base + 5) ?? "en"
        group.metadata = row.string(base + 6) ?? "{}"
        group.open = row.int(base + 7) == 0
        group.edgeCount = Int(row.int(base + 8) ?? 0)
        group.maxCount = Int(row.int(base + 9) ?? 0)
        group.createTime = Timestamp(microseconds: row.int(base + 10) ?? 0)
        group.updateTime = Timestamp(microseconds: row.int(base + 11) ?? 0)
        return group
    }

    // MARK: Groups

    /// Creates the group with `superadmin` as its first member. Throws `nameInUse` or `userNotFound`.
    package func create(_ draft: Draft, superadmin: UserID) throws -> Group {
        var generator = SystemRandomNumberGenerator()
        let id = UUIDValue.random(using: &generator)
        return try connection.transaction { connection in
            let user = try connection.query("SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE", [.text(superadmin.description)])
            guard !user.rows.isEmpty, superadmin != .system else { throw GroupError.userNotFound }
            let result: PGResult
            do {
                result = try connection.query(
                    """
                    INSERT INTO groups AS g (id, creator_id, name, description, avatar_url, lang_tag, metadata, state,
                        edge_count, max_count)
                    VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6, $7::jsonb, $8, 1, $9)
                    RETURNING \(GroupStore.columns)
                    """,
                    [
                        .text(id.description), .text(draft.creatorID.description), .text(draft.name),
                        .text(draft.description), .text(draft.avatarURL), .text(draft.langTag), .text(draft.metadata),
                        .int(draft.open ? 0 : 1), .int(Int64(draft.maxCount)),
                    ])
            } catch let error as PGError where error.isUniqueViolation {
                throw GroupError.nameInUse
            }
            try writeEdge(
                GroupEdgeChange(before: nil, after: .superadmin), group: id, user: superadmin, sequence: 0, connection)
            return GroupStore.group(result.rows[0])
        }
    }

    /// Active groups with these ids, in no particular order.
    package func groups(ids: [UUIDValue]) throws -> [Group] {
        guard !ids.isEmpty else { return [] }
        let result = try connection.query(
            "SELECT \(GroupStore.columns) FROM groups g WHERE g.id = ANY($1::uuid[]) AND \(GroupStore.active)",
            [.text("{" + ids.map(\.description).joined(separator: ",") + "}")])
        return result.rows.map { GroupStore.group($0) }
    }

    /// The user's state in the group, or nil when they have no edge.
    package func role(group: UUIDValue, user: UserID) throws -> GroupRole? {
        let result = try connection.query(
            "SELECT state FROM group_edge WHERE source_id = $1 AND destination_id = $2",
            [.text(group.description), .text(user.description)])
        return result.rows.first.flatMap { $0.int(0) }.flatMap { GroupRole(rawValue: Int($0)) }
    }

    /// Changes the group's fields. `actor` nil is the system. Throws `notFound`, `permissionDenied`, `nameInUse`.
    package func update(group id: UUIDValue, actor: UserID?, _ update: GroupUpdate) throws {
        try connection.transaction { connection in
            _ = try lock(id, connection)
            try GroupRules.update(actor: try actorRole(actor, group: id, connection))
            var sets: [String] = []
            var params: [PGValue] = [.text(id.description)]
            func set(_ column: String, _ value: PGValue, cast: String = "") {
                params.append(value)
                sets.append("\(column) = $\(params.count)\(cast)")
            }
            if let name = update.name { set("name", .text(name)) }
            if let creator = update.creatorID { set("creator_id", .text(creator.description)) }
            if let description = update.description { set("description", description.isEmpty ? .null : .text(description)) }
            if let langTag = update.langTag { set("lang_tag", .text(langTag)) }
            if let avatarURL = update.avatarURL { set("avatar_url", avatarURL.isEmpty ? .null : .text(avatarURL)) }
            if let open = update.open { set("state", .int(open ? 0 : 1)) }
            if let metadata = update.metadata { set("metadata", .text(metadata), cast: "::jsonb") }
            if let maxCount = update.maxCount { set("max_count", .int(Int64(maxCount))) }
            guard !sets.isEmpty else { return }
            do {
                try connection.query(
                    "UPDATE groups SET \(sets.joined(separator: ", ")), update_time = now() WHERE id = $1", params)
            } catch let error as PGError where error.isUniqueViolation {
                throw GroupError.nameInUse
            }
        }
    }

    /// Deletes the group and every edge to it. `actor` nil is the system.
    package func delete(group id: UUIDValue, actor: UserID?) throws {
        try connection.transaction { connection in
            _ = try lock(id, connection)
            try GroupRules.delete(actor: try actorRole(actor, group: id, connection))
            try connection.query(
                "DELETE FROM group_edge WHERE source_id = $1 OR destination_id = $1", [.text(id.description)])
            try connection.query("DELETE FROM groups WHERE id = $1", [.text(id.description)])
        }
    }

    // MARK: Membership

    /// The user joins (open group) or asks to join (closed group). Throws `notFound`, `full`, `userNotFound`.
    package func join(group id: UUIDValue, user: UserID) throws -> Outcome {
        try connection.transaction { connection in
            let (group, counts) = try lock(id, connection)
            let username = try usernames([user], connection)
            guard let name = username[user] else { throw GroupError.userNotFound }
            let current = try role(id, user, connection)
            let change = try GroupRules.join(current: current, open: group.open, counts: counts)
            try apply(change, group: id, user: user, username: name, sequence: 0, connection)
            var admins: [UserID] = []
            if change.after == .joinRequest {
                admins = try connection.query(
                    "SELECT destination_id FROM group_edge WHERE source_id = $1 AND state <= 1 ORDER BY state, position",
                    [.text(id.description)]
                ).rows.compactMap { UserID($0.string(0) ?? "") }
            }
            return Outcome(group: group, changes: [MemberChange(user: user, username: name, change: change)], admins: admins)
        }
    }

    /// The user leaves the group or withdraws a join request. Throws `notFound`, `lastSuperadmin`.
    package func leave(group id: UUIDValue, user: UserID) throws -> Outcome {
        try connection.transaction { connection in
            let (group, counts) = try lock(id, connection)
            let name = try usernames([user], connection)[user] ?? ""
            let change = try GroupRules.leave(current: try role(id, user, connection), counts: counts)
            try apply(change, group: id, user: user, username: name, sequence: 0, connection)
            return Outcome(group: group, changes: [MemberChange(user: user, username: name, change: change)], admins: [])
        }
    }

    /// Applies one member operation to each target in order (duplicates dropped). `actor` nil is the
    /// system. Unknown users fail an add with `userNotFound` and are skipped by the other operations.
    package func apply(
        _ operation: GroupMemberOperation, group id: UUIDValue, actor: UserID?, targets: [UserID]
    ) throws -> Outcome {
        var seen: Set<UserID> = []
        let unique = targets.filter { seen.insert($0).inserted }
        return try connection.transaction { connection in
            var (group, counts) = try lock(id, connection)
            let acting = try actorRole(actor, group: id, connection)
            try GroupRules.authorizeMemberOperation(actor: acting)
            let names = try usernames(unique, connection)
            var changes: [MemberChange] = []
            for (index, target) in unique.enumerated() {
                guard let name = names[target] else {
                    if operation == .add { throw GroupError.userNotFound }
                    continue
                }
                let change = try GroupRules.apply(
                    operation, actor: acting, target: try role(id, target, connection), targetIsActor: target == actor,
                    counts: counts)
                guard !change.isUnchanged else { continue }
                try apply(change, group: id, user: target, username: name, sequence: index, connection)
                counts = counts.applying(change)
                changes.append(MemberChange(user: target, username: name, change: change))
            }
            group.edgeCount = counts.edgeCount
            return Outcome(group: group, changes: changes, admins: [])
        }
    }

    // MARK: Lists

    /// The group's users with their states, by state then joining order; `next` starts the next page.
    package func members(group: UUIDValue, limit: Int, state: Int?, from start: Position?) throws
        -> (members: [GroupMember], next: Position?)
    {
        let (rows, next) = try edges(
            of: group, joining: "users u ON u.id = e.destination_id", columns: UserStore.userColumns,
            columnCount: UserStore.userColumnCount, limit: limit, state: state, from: start)
        return (rows.map { GroupMember(user: UserStore.user($0.row), state: $0.state) }, next)
    }

    /// The user's groups with their states, by state then joining order; `next` starts the next page.
    package func userGroups(user: UserID, limit: Int, state: Int?, from start: Position?) throws
        -> (groups: [UserGroup], next: Position?)
    {
        let (rows, next) = try edges(
            of: user.uuid, joining: "groups g ON g.id = e.destination_id AND \(GroupStore.active)",
            columns: GroupStore.columns, columnCount: GroupStore.columnCount, limit: limit, state: state, from: start)
        return (rows.map { UserGroup(group: GroupStore.group($0.row), state: $0.state) }, next)
    }

    /// Active groups matching the filter (`name` as a LIKE pattern), ordered by name, starting strictly after `afterName`.
    package func list(_ filter: GroupListFilter, limit: Int, afterName: String?) throws -> (groups: [Group], next: String?) {
        var params: [PGValue] = []
        var conditions = [GroupStore.active]
        func add(_ condition: (Int) -> String, _ value: PGValue) {
            params.append(value)
            conditions.append(condition(params.count))
        }
        if let pattern = filter.name { add({ "lower(g.name) LIKE lower($\($0))" }, .text(pattern)) }
        if let langTag = filter.langTag { add({ "g.lang_tag = $\($0)" }, .text(langTag)) }
        if let maxMembers = filter.maxMembers { add({ "g.edge_count <= $\($0)" }, .int(Int64(maxMembers))) }
        if let open = filter.open { add({ "g.state = $\($0)" }, .int(open ? 0 : 1)) }
        if let afterName { add({ "g.name > $\($0)" }, .text(afterName)) }
        params.append(.int(Int64(limit + 1)))
        let result = try connection.query(
            """
            SELECT \(GroupStore.columns) FROM groups g WHERE \(conditions.joined(separator: " AND "))
            ORDER BY g.name LIMIT $\(params.count)
            """, params)
        var groups = result.rows.map { GroupStore.group($0) }
        var next: String?
        if groups.count > limit {
            groups.removeLast()
            next = groups.last?.name
        }
        return (groups, next)
    }

    // MARK: Internals

    private func edges(
        of source: UUIDValue, joining: String, columns: String, columnCount: Int, limit: Int, state: Int?,
        from start: Position?
    ) throws -> (rows: [(row: PGRow, state: Int)], next: Position?) {
        var params: [PGValue] = [.text(source.description)]
        var filter = ""
        if let state {
            params.append(.int(Int64(state)))
            filter += " AND e.state = $\(params.count)"
        }
        if let start {
            params += [.int(Int64(start.state)), .int(start.position)]
            filter += " AND (e.state, e.position) >= ($\(params.count - 1), $\(params.count))"
        }
        params.append(.int(Int64(limit + 1)))
        let result = try connection.query(
            """
            SELECT \(columns), e.state, e.position FROM group_edge e JOIN \(joining)
            WHERE e.source_id = $1\(filter) ORDER BY e.state, e.position LIMIT $\(params.count)
            """, params)
        var rows: [(row: PGRow, state: Int)] = []
        var next: Position?
        for row in result.rows {
            let state = Int(row.int(columnCount) ?? 0)
            if rows.count == limit {
                next = Position(state: state, position: row.int(columnCount + 1) ?? 0)
                break
            }
            rows.append((row, state))
        }
        return (rows, next)
    }

    /// Locks the active group's row and reads what the rules need. Throws `notFound`.
    private func lock(_ id: UUIDValue, _ connection: PGConnection) throws -> (Group, GroupCounts) {
        let result = try connection.query(
            """
            SELECT \(GroupStore.columns),
                (SELECT count(*) FROM group_edge s WHERE s.source_id = g.id AND s.state = 0)
            FROM groups g WHERE g.id = $1 AND \(GroupStore.active) FOR UPDATE
            """, [.text(id.description)])
        guard let row = result.rows.first else { throw GroupError.notFound }
        let group = GroupStore.group(row)
        let counts = GroupCounts(
            edgeCount: group.edgeCount, maxCount: group.maxCount,
            superadminCount: Int(row.int(GroupStore.columnCount) ?? 0))
        return (group, counts)
    }

    private func actorRole(_ actor: UserID?, group: UUIDValue, _ connection: PGConnection) throws -> GroupActor {
        guard let actor else { return .system }
        return .user(try role(group, actor, connection))
    }

    private func role(_ group: UUIDValue, _ user: UserID, _ connection: PGConnection) throws -> GroupRole? {
        try GroupStore(connection: connection).role(group: group, user: user)
    }

    private func usernames(_ users: [UserID], _ connection: PGConnection) throws -> [UserID: String] {
        guard !users.isEmpty else { return [:] }
        let result = try connection.query(
            "SELECT id, username FROM users WHERE id = ANY($1::uuid[]) AND id <> '00000000-0000-0000-0000-000000000000'",
            [.text("{" + users.map(\.description).joined(separator: ",") + "}")])
        var names: [UserID: String] = [:]
        for row in result.rows {
            if let id = UserID(row.string(0) ?? "") { names[id] = row.string(1) ?? "" }
        }
        return names
    }

    /// Writes the edge change, the group's `edge_count` and the channel message it calls for.
    private func apply(
        _ change: GroupEdgeChange, group: UUIDValue, user: UserID, username: String, sequence: Int,
        _ connection: PGConnection
    ) throws {
        guard !change.isUnchanged else { return }
        try writeEdge(change, group: group, user: user, sequence: sequence, connection)
        if change.edgeCountDelta != 0 {
            try connection.query(
                "UPDATE groups SET edge_count = edge_count + $2, update_time = now() WHERE id = $1",
                [.text(group.description), .int(Int64(change.edgeCountDelta))])
        }
        if let code = change.message {
            var generator = SystemRandomNumberGenerator()
            try ChannelMessageStore(connection: connection).insert(
                ChannelMessage(
                    channel: ChannelID(.group(group)), id: UUIDValue.random(using: &generator), code: code.rawValue,
                    senderID: user, username: username, content: "{}", createTime: .epoch, updateTime: .epoch))
        }
    }

    /// Both directions of one membership edge.
    private func writeEdge(
        _ change: GroupEdgeChange, group: UUIDValue, user: UserID, sequence: Int, _ connection: PGConnection
    ) throws {
        let pair: [PGValue] = [.text(group.description), .text(user.description)]
        switch (change.before, change.after) {
        case (nil, let after?):
            // Positions are creation-time nanoseconds; the sequence keeps edges made in one microsecond apart.
            try connection.query(
                """
                INSERT INTO group_edge (source_id, destination_id, state, position, update_time)
                SELECT s, d, $3, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint * 1000 + $4, now()
                FROM (VALUES ($1::uuid, $2::uuid), ($2::uuid, $1::uuid)) AS pair (s, d)
                """, pair + [.int(Int64(after.rawValue)), .int(Int64(sequence % 1000))])
        case (_?, let after?):
            try connection.query(
                """
                UPDATE group_edge SET state = $3, update_time = now()
                WHERE (source_id = $1 AND destination_id = $2) OR (source_id = $2 AND destination_id = $1)
                """, pair + [.int(Int64(after.rawValue))])
        case (_?, nil):
            try connection.query(
                "DELETE FROM group_edge WHERE (source_id = $1 AND destination_id = $2) OR (source_id = $2 AND destination_id = $1)",
                pair)
        case (nil, nil):
            return
        }
    }
}
