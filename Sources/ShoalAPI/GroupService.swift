import ShoalCore
import ShoalGroupRules
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalSocialRules
import ShoalStore

/// The group operations shared by the REST routes and the runtime (`nk.group_*`): limits, cursors,
/// the store transaction, then the notifications it calls for (−5 to admins for a join request, −4 to
/// each added user), sent after the commit.
///
/// Domain refusals are thrown as `GroupError`; each caller words them (REST and runtime differ).
/// Limit, state and cursor problems are `APIError`s with Nakama's messages.
struct GroupService {
    let connection: PGConnection
    let delivery: any NotificationDelivery
    /// Unix seconds, for the create time of notifications that are only pushed.
    let now: Int64

    // MARK: Groups

    /// `fields.name` must be set (the callers check); `fields.maxCount` nil or 0 means 100.
    func create(superadmin: UserID, _ fields: GroupUpdate) throws -> Group {
        var draft = GroupStore.Draft(name: fields.name ?? "", creatorID: fields.creatorID ?? superadmin)
        draft.description = fields.description ?? ""
        draft.langTag = fields.langTag.flatMap { $0.isEmpty ? nil : $0 } ?? "en"
        draft.avatarURL = fields.avatarURL ?? ""
        draft.open = fields.open ?? false
        draft.metadata = fields.metadata ?? "{}"
        guard let maxCount = GroupRules.maxCount(requested: fields.maxCount ?? 0) else {
            throw APIError(.invalidArgument, "Group max count must be >= 1.")
        }
        draft.maxCount = maxCount
        return try GroupStore(connection: connection).create(draft, superadmin: superadmin)
    }

    func update(group: UUIDValue, actor: UserID?, _ fields: GroupUpdate) throws {
        try GroupStore(connection: connection).update(group: group, actor: actor, fields)
    }

    func delete(group: UUIDValue, actor: UserID?) throws {
        try GroupStore(connection: connection).delete(group: group, actor: actor)
    }

    // MARK: Membership

    func join(group: UUIDValue, user: UserID) throws {
        let outcome = try GroupStore(connection: connection).join(group: group, user: user)
        guard let joined = outcome.changes.first, joined.change.after == .joinRequest else { return }
        let content = GroupService.content([("group_id", outcome.group.id.description), ("username", joined.username)])
        try send(outcome.admins.map { admin in
            (admin, "User \(joined.username) wants to join your group", content, -5, user)
        })
    }

    func leave(group: UUIDValue, user: UserID) throws {
        _ = try GroupStore(connection: connection).leave(group: group, user: user)
    }

    func apply(_ operation: GroupMemberOperation, group: UUIDValue, actor: UserID?, users: [UserID]) throws {
        guard !users.isEmpty else { return }
        let outcome = try GroupStore(connection: connection).apply(operation, group: group, actor: actor, targets: users)
        guard operation == .add else { return }
        let content = GroupService.content([("group_id", outcome.group.id.description), ("name", outcome.group.name)])
        try send(outcome.changes.map { added in
            (added.user, "You've been added to group \(outcome.group.name)", content, -4, actor ?? .system)
        })
    }

    // MARK: Lists

    func members(group: UUIDValue, limit: Int, state: Int?, cursor: String?) throws
        -> (members: [GroupMember], cursor: String?)
    {
        let (start, filter) = try GroupService.listStart(limit: limit, state: state, cursor: cursor, kind: "gu")
        let page = try GroupStore(connection: connection).members(group: group, limit: limit, state: filter, from: start)
        return (page.members, page.next.map { GroupService.encode($0, kind: "gu") })
    }

    func userGroups(user: UserID, limit: Int, state: Int?, cursor: String?) throws -> (groups: [UserGroup], cursor: String?) {
        let (start, filter) = try GroupService.listStart(limit: limit, state: state, cursor: cursor, kind: "ug")
        let page = try GroupStore(connection: connection).userGroups(user: user, limit: limit, state: filter, from: start)
        return (page.groups, page.next.map { GroupService.encode($0, kind: "ug") })
    }

    /// `limit` 1–100. A name filter loses leading spaces and `%` and cannot be combined with other filters.
    func list(_ filter: GroupListFilter, limit: Int, cursor: String?) throws -> (groups: [Group], cursor: String?) {
        guard (1...100).contains(limit) else {
            throw APIError(.invalidArgument, "Invalid limit - limit must be between 1 and 100.")
        }
        var filter = filter
        if let name = filter.name {
            let trimmed = String(name.drop { $0 == " " || $0 == "%" })
            filter.name = trimmed.isEmpty ? nil : trimmed
        }
        if filter.name != nil, filter.langTag != nil || filter.maxMembers != nil || filter.open != nil {
            throw APIError(.invalidArgument, "name filter cannot be combined with any other filter")
        }
        var after: String?
        if let cursor, !cursor.isEmpty {
            guard let decoded = ListCursor(decoding: cursor, kind: "g", fieldCount: 1) else {
                throw APIError(.invalidArgument, "Cursor is invalid.")
            }
            after = decoded.fields[0]
        }
        let page = try GroupStore(connection: connection).list(filter, limit: limit, afterName: after)
        return (page.groups, page.next.map { ListCursor(kind: "g", fields: [$0]).encoded })
    }

    // MARK: Helpers

    private static func listStart(limit: Int, state: Int?, cursor: String?, kind: String) throws
        -> (GroupStore.Position?, Int?)
    {
        guard (1...100).contains(limit) else {
            throw APIError(.invalidArgument, "Invalid limit - limit must be between 1 and 100.")
        }
        if let state, !(0...4).contains(state) {
            throw APIError(.invalidArgument, "Invalid state - state must be between 0 and 4.")
        }
        guard let cursor, !cursor.isEmpty else { return (nil, state) }
        guard let decoded = ListCursor(decoding: cursor, kind: kind, fieldCount: 2),
            let cursorState = Int(decoded.fields[0]), let position = Int64(decoded.fields[1]),
            state == nil || state == cursorState
        else { throw APIError(.invalidArgument, "Cursor is invalid.") }
        return (GroupStore.Position(state: cursorState, position: position), state)
    }

    private static func encode(_ position: GroupStore.Position, kind: String) -> String {
        ListCursor(kind: kind, fields: [String(position.state), String(position.position)]).encoded
    }

    private static func content(_ fields: [(String, String)]) -> String {
        JSONWriter.string(.object(JSONObject(fields.map { ($0.0, JSON.string($0.1)) })))
    }

    private func send(_ notices: [(user: UserID, subject: String, content: String, code: Int, sender: UserID)]) throws {
        guard !notices.isEmpty else { return }
        var generator = SystemRandomNumberGenerator()
        try NotificationSender(connection: connection, delivery: delivery).send(notices.map { notice in
            NotificationRecord(
                id: UUIDValue.random(using: &generator), userID: notice.user, subject: notice.subject,
                content: notice.content, code: notice.code, senderID: notice.sender, createTime: Timestamp(seconds: now),
                persistent: true)
        })
    }
}
