import ShoalCore
import ShoalPostgres
import ShoalProtocol
import ShoalRuntime
import ShoalStore

/// Friends, notifications and chat history for module code, through the same services as REST.
extension ServerRuntimeServices {
    private func friends(_ database: PGConnection) -> FriendService {
        FriendService(connection: database, delivery: notificationDelivery, now: API.unixTime())
    }

    package func friendsList(_ user: UserID, limit: Int, state: Int?, cursor: String?) throws(RuntimeError)
        -> (friends: [Friend], cursor: String?)
    {
        try run { try friends($0).list(user: user, limit: limit, state: state, cursor: cursor) }
    }

    package func friendsAdd(_ user: UserID, username: String, ids: [String], usernames: [String], metadata: String?)
        throws(RuntimeError)
    {
        try run { try friends($0).add(user: user, username: username, ids: ids, usernames: usernames, metadata: metadata) }
    }

    package func friendsDelete(_ user: UserID, username: String, ids: [String], usernames: [String]) throws(RuntimeError) {
        try run { try friends($0).delete(user: user, username: username, ids: ids, usernames: usernames) }
    }

    package func friendsBlock(_ user: UserID, username: String, ids: [String], usernames: [String]) throws(RuntimeError) {
        try run { try friends($0).block(user: user, username: username, ids: ids, usernames: usernames) }
    }

    package func notificationsSend(_ notifications: [NotificationRecord]) throws(RuntimeError) {
        try run { try NotificationSender(connection: $0, delivery: notificationDelivery).send(notifications) }
    }

    package func notificationSendAll(subject: String, content: String, code: Int, persistent: Bool) throws(RuntimeError) {
        try run { database in
            var generator = SystemRandomNumberGenerator()
            try NotificationSender(connection: database, delivery: notificationDelivery).sendToAll(
                subject: subject, content: content, code: code, sender: .system, persistent: persistent,
                createTime: Timestamp(seconds: API.unixTime())
            ) { UUIDValue.random(using: &generator) }
        }
    }

    package func channelMessagesList(_ channelID: String, limit: Int, forward: Bool, cursor: String?) throws(RuntimeError)
        -> ChannelMessagePage
    {
        try run {
            try ChannelHistory(connection: $0).list(caller: nil, channelID: channelID, limit: limit, forward: forward, cursor: cursor)
        }
    }
}
