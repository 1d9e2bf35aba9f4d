import ShoalProtocol

/// Pushes notifications to the recipients' connected realtime sessions (the `notifications` envelope).
///
/// Called by `NotificationSender` after any persistent ones are stored, on a request worker thread; an
/// implementation MUST NOT block on network I/O (hand the push to the sessions' loops) and MUST NOT throw:
/// a recipient with no connected session simply misses the live copy. The node currently has no
/// realtime sessions and uses `NoLiveNotificationDelivery`; the realtime socket supplies the real one.
package protocol NotificationDelivery: Sendable {
    func deliver(_ notifications: [NotificationRecord])
}

/// The delivery used while the node has no realtime sessions: nothing is pushed, so only persistent
/// notifications reach their users (through `GET /v2/notification`).
package struct NoLiveNotificationDelivery: NotificationDelivery {
    package init() {}
    package func deliver(_ notifications: [NotificationRecord]) {}
}
