import ShoalMembership
import Synchronization

/// A thread-safe copy of the cluster shells' member list and links, for readers off the loop.
final class ClusterView: Sendable {
    private let state = Mutex<(members: [Member], port: Int, linked: [String])>(([], 0, []))

    var members: [Member] {
        get { state.withLock { $0.members } }
        set { state.withLock { $0.members = newValue } }
    }

    /// Peers with an up link, sorted.
    var linked: [String] {
        get { state.withLock { $0.linked } }
        set { state.withLock { $0.linked = newValue } }
    }

    var port: Int {
        get { state.withLock { $0.port } }
        set { state.withLock { $0.port = newValue } }
    }
}
