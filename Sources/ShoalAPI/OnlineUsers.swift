import ShoalCore
import Synchronization

/// Which users have a status presence on this node: the `online` flag of users in REST answers.
/// Written by the realtime hub on the loop, read by workers.
package final class OnlineUsers: Sendable {
    private let users = Mutex<Set<UserID>>([])

    package init() {}

    package func set(_ user: UserID, online: Bool) {
        users.withLock { users in
            if online { users.insert(user) } else { users.remove(user) }
        }
    }

    package func contains(_ user: UserID) -> Bool { users.withLock { $0.contains(user) } }
}
