import ShoalAuth
import ShoalCore
import ShoalStore
import Synchronization

/// The node's in-memory view of revoked sessions, read on every authenticated request.
///
/// Filled from `SessionStore` at start and by polling, updated at once by this node's own logouts, and,
/// in a cluster, by the other nodes' logouts as they happen. Thread-safe: read by the loop and written by workers.
package final class RevocationCache: Sendable {
    private struct State {
        var revokedTokens: [TokenID: Int64] = [:]
        var userFloors: [UserID: Int64] = [:]
        var cursorMicroseconds: Int64 = 0
    }

    private let state = Mutex(State())
    private let recordListener = Mutex<(@Sendable ([SessionStore.Change]) -> Void)?>(nil)

    package init() {}

    /// A token is valid unless its id was revoked or it was issued at or before its user's floor.
    package func isValid(_ claims: SessionClaims) -> Bool {
        state.withLock { state in
            if state.revokedTokens[claims.tokenID] != nil { return false }
            if let floor = state.userFloors[claims.userID], claims.issuedAt <= floor { return false }
            return true
        }
    }

    /// The issue time a new token for this user must use so a same-second logout-all cannot cover it.
    package func issueTime(for user: UserID, now: Int64) -> Int64 {
        state.withLock { state in
            guard let floor = state.userFloors[user] else { return now }
            return max(now, floor + 1)
        }
    }

    /// Called with the changes of each of this node's own revocations (`record`), from the recording thread.
    package func onRecord(_ listener: @escaping @Sendable ([SessionStore.Change]) -> Void) {
        recordListener.withLock { $0 = listener }
    }

    /// Applies revocations this node just stored, and tells the listener (the cluster passes them on).
    package func record(_ changes: [SessionStore.Change]) {
        apply(changes)
        recordListener.withLock { $0 }?(changes)
    }

    package func apply(_ changes: [SessionStore.Change]) {
        state.withLock { state in
            for change in changes {
                switch change {
                case .tokenRevoked(let token, let expiresAt):
                    state.revokedTokens[token] = expiresAt
                case .userFloor(let user, let notBefore):
                    state.userFloors[user] = max(state.userFloors[user] ?? .min, notBefore)
                }
            }
        }
    }

    /// Where the next poll starts (database clock, microseconds).
    package var cursorMicroseconds: Int64 {
        get { state.withLock { $0.cursorMicroseconds } }
    }

    package func advance(cursorMicroseconds cursor: Int64) {
        state.withLock { $0.cursorMicroseconds = max($0.cursorMicroseconds, cursor) }
    }

    /// Forgets token revocations that expired anyway.
    package func prune(now: Int64) {
        state.withLock { state in
            state.revokedTokens = state.revokedTokens.filter { $0.value > now }
        }
    }
}
