import ShoalCore
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalSocialRules
import ShoalStore

/// The friend operations shared by the REST routes and the runtime (`nk.friends_*`): Nakama's request
/// validation and messages, username resolution, the store transaction, then the notifications.
///
/// Errors are `APIError`s with Nakama's codes and messages; the runtime rewraps them.
struct FriendService {
    let connection: PGConnection
    let delivery: any NotificationDelivery
    /// Unix seconds, for the create time of notifications that are only pushed.
    let now: Int64

    static let invalidCursor = APIError(.invalidArgument, "Cursor is invalid.")

    // MARK: Lists

    /// `limit` must be 1–1000; `state` 0–3 or nil for every state.
    func list(user: UserID, limit: Int, state: Int?, cursor: String?) throws -> (friends: [Friend], cursor: String?) {
        guard (1...1000).contains(limit) else {
            throw APIError(.invalidArgument, "Invalid limit - limit must be between 1 and 1000.")
        }
        var filter: FriendState?
        if let state {
            guard let valid = FriendState(rawValue: state) else {
                throw APIError(.invalidArgument, "Invalid state - state must be between 0 and 3.")
            }
            filter = valid
        }
        var start: FriendStore.Position?
        if let cursor, !cursor.isEmpty {
            guard let decoded = ListCursor(decoding: cursor, kind: "f", fieldCount: 2),
                let rawState = Int(decoded.fields[0]), let cursorState = FriendState(rawValue: rawState),
                let position = Int64(decoded.fields[1]), filter == nil || filter == cursorState
            else { throw FriendService.invalidCursor }
            start = FriendStore.Position(state: cursorState, position: position)
        }
        let page = try FriendStore(connection: connection).list(user: user, limit: limit, state: filter, from: start)
        let next = page.next.map {
            ListCursor(kind: "f", fields: [String($0.state.rawValue), String($0.position)]).encoded
        }
        return (page.friends, next)
    }

    /// `limit` must be 1–100.
    func friendsOfFriends(user: UserID, limit: Int, cursor: String?) throws -> (entries: [FriendOfFriend], cursor: String?) {
        guard (1...100).contains(limit) else {
            throw APIError(.invalidArgument, "Invalid limit - limit must be between 1 and 100.")
        }
        var start: FriendStore.PairPosition?
        if let cursor, !cursor.isEmpty {
            guard let decoded = ListCursor(decoding: cursor, kind: "ff", fieldCount: 2),
                let referrer = UserID(decoded.fields[0]), let other = UserID(decoded.fields[1])
            else { throw FriendService.invalidCursor }
            start = FriendStore.PairPosition(referrer: referrer, user: other)
        }
        let page = try FriendStore(connection: connection).friendsOfFriends(user: user, limit: limit, from: start)
        let next = page.next.map {
            ListCursor(kind: "ff", fields: [$0.referrer.description, $0.user.description]).encoded
        }
        return (page.entries, next)
    }

    // MARK: Changes

    func add(user: UserID, username: String, ids: [String], usernames: [String], metadata: String?) throws {
        if let metadata, !metadata.isEmpty {
            guard case .object? = try? JSONParser.parse(Array(metadata.utf8)) else {
                throw APIError(.invalidArgument, "Metadata must be a valid JSON object.")
            }
        }
        try change(.add, user: user, username: username, ids: ids, usernames: usernames,
                   metadata: metadata.flatMap { $0.isEmpty ? nil : $0 }, selfMessage: "Cannot add self as friend.")
    }

    func delete(user: UserID, username: String, ids: [String], usernames: [String]) throws {
        try change(.delete, user: user, username: username, ids: ids, usernames: usernames, metadata: nil,
                   selfMessage: "Cannot delete self.")
    }

    func block(user: UserID, username: String, ids: [String], usernames: [String]) throws {
        try change(.block, user: user, username: username, ids: ids, usernames: usernames, metadata: nil,
                   selfMessage: "Cannot block self.")
    }

    private func change(
        _ operation: FriendStore.Operation, user: UserID, username: String, ids: [String], usernames: [String],
        metadata: String?, selfMessage: String
    ) throws {
        guard !ids.isEmpty || !usernames.isEmpty else { return }
        var targets: [UserID] = []
        for text in ids {
            if text == user.description { throw APIError(.invalidArgument, selfMessage) }
            guard let id = UserID(text), id != .system else { throw APIError(.invalidArgument, "Invalid user ID '\(text)'.") }
            targets.append(id)
        }
        for name in usernames {
            if name.isEmpty { throw APIError(.invalidArgument, "Username must not be empty.") }
            if name == username { throw APIError(.invalidArgument, selfMessage) }
        }
        let store = FriendStore(connection: connection)
        targets += try store.userIDs(usernames: usernames)
        if targets.isEmpty {
            // Nakama answers an unresolvable delete with success, the others with an error.
            if operation == .delete { return }
            throw APIError(.invalidArgument, "No valid ID or username was provided.")
        }
        let notices = try store.apply(operation, from: user, to: targets, metadata: metadata)
        guard !notices.isEmpty else { return }
        let content = JSONWriter.string(.object(JSONObject([("username", .string(username))])))
        var generator = SystemRandomNumberGenerator()
        let records = notices.map { target, notice in
            NotificationRecord(
                id: UUIDValue.random(using: &generator), userID: target, subject: notice.subject(actingUsername: username),
                content: content, code: notice.code, senderID: user, createTime: Timestamp(seconds: now), persistent: true)
        }
        try NotificationSender(connection: connection, delivery: delivery).send(records)
    }
}
