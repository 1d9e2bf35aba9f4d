import ShoalMembership
import Synchronization

/// A thread-safe copy of the gossip shell's member list, for readers off the loop.
final class ClusterView: Sendable {
    private let state = Mutex<(members: [Member], port: Int)>(([], 0))

    var members: [Member] {
        get { state.withLock { $0.members } }
        set { state.withLock { $0.members = newValue } }
    }

    var port: Int {
        get { state.withLock { $0.port } }
        set { state.withLock { $0.port = newValue } }
    }
}
