import ShoalCore
import ShoalPostgres
import ShoalProtocol

/// The one way features send notifications: stores the persistent ones, then hands all of them to the
/// live `NotificationDelivery`. Friends, groups, chat and the runtime call it.
///
/// Call it after the transaction that caused the notifications has committed (it runs its own
/// statements on the same connection, outside any transaction).
package struct NotificationSender {
    /// Users per batch when sending to everyone.
    package static let batchSize = 1000

    private let connection: PGConnection
    private let delivery: any NotificationDelivery

    package init(connection: PGConnection, delivery: any NotificationDelivery) {
        self.connection = connection
        self.delivery = delivery
    }

    package func send(_ notifications: [NotificationRecord]) throws {
        guard !notifications.isEmpty else { return }
        let store = NotificationStore(connection: connection)
        let stored = try store.insert(notifications.filter(\.persistent))
        var storedIndex = 0
        var delivered: [NotificationRecord] = []
        delivered.reserveCapacity(notifications.count)
        for notification in notifications {
            if notification.persistent {
                delivered.append(stored[storedIndex])
                storedIndex += 1
            } else {
                delivered.append(notification)
            }
        }
        delivery.deliver(delivered)
    }

    /// Sends one notification to every user, `batchSize` users at a time (each batch stored, then delivered).
    /// `makeID` gives non-persistent notifications their ids. Returns how many users it reached.
    @discardableResult
    package func sendToAll(
        subject: String, content: String, code: Int, sender: UserID, persistent: Bool, createTime: Timestamp,
        makeID: () -> UUIDValue
    ) throws -> Int {
        let store = NotificationStore(connection: connection)
        var after = UserID.system
        var total = 0
        while true {
            let batch: [NotificationRecord]
            if persistent {
                batch = try store.insertForUsers(
                    after: after, limit: NotificationSender.batchSize, subject: subject, content: content, code: code,
                    sender: sender)
            } else {
                batch = try store.userIDs(after: after, limit: NotificationSender.batchSize).map { user in
                    NotificationRecord(
                        id: makeID(), userID: user, subject: subject, content: content, code: code, senderID: sender,
                        createTime: createTime, persistent: false)
                }
            }
            guard let last = batch.last else { break }
            delivery.deliver(batch)
            total += batch.count
            after = last.userID
            if batch.count < NotificationSender.batchSize { break }
        }
        return total
    }
}
