import ShoalProtocol

/// What one friend operation does to the pair of edges between the acting user ("mine": my edge to
/// them) and the other user ("theirs": their edge to me), and whom it tells.
///
/// Invariant kept by every change: a user's `edge_count` equals the number of edges they own, so each
/// created edge adds one to its owner and each removed edge takes one away (`edgeCountDelta`).
package struct FriendChange: Sendable, Hashable {
    /// One write to one edge.
    package enum EdgeWrite: Sendable, Hashable {
        case keep
        case create(FriendState)
        /// Sets the state of an existing edge (and its update time, even when the state is unchanged).
        case change(FriendState)
        case remove

        /// The change to the owner's `edge_count`.
        package var edgeCountDelta: Int {
            switch self {
            case .create: return 1
            case .remove: return -1
            case .keep, .change: return 0
            }
        }

        /// The edge after this write.
        package func applied(to state: FriendState?) -> FriendState? {
            switch self {
            case .keep: return state
            case .create(let new), .change(let new): return new
            case .remove: return nil
            }
        }
    }

    package var mine: EdgeWrite
    package var theirs: EdgeWrite
    /// Sent to the other user after the change commits.
    package var notice: FriendNotice?

    package init(mine: EdgeWrite, theirs: EdgeWrite, notice: FriendNotice? = nil) {
        self.mine = mine
        self.theirs = theirs
        self.notice = notice
    }

    /// Nothing happens: no write, no notification.
    package static let none = FriendChange(mine: .keep, theirs: .keep)

    package var isNone: Bool { self == .none }
}
