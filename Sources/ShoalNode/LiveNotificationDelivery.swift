import ShoalLoop
import ShoalProtocol
import ShoalStore
import Synchronization

/// Pushes notifications to connected sockets: called from workers, hops to the loop that owns the sockets.
/// Notifications sent before the node listens are only stored.
final class LiveNotificationDelivery: NotificationDelivery {
    private let hub = Mutex<LoopBound<RealtimeHub>?>(nil)

    func attach(_ hub: LoopBound<RealtimeHub>) {
        self.hub.withLock { $0 = hub }
    }

    func deliver(_ notifications: [NotificationRecord]) {
        guard !notifications.isEmpty, let bound = hub.withLock({ $0 }) else { return }
        bound.loop.execute { bound.value.deliver(notifications) }
    }
}
