import ShoalCore

/// The outcome of one applied `WalletUpdate` (Nakama's `runtime.WalletUpdateResult`).
///
/// `previous` is the wallet just before this update and `updated` just after it; in a batch touching one
/// user twice, the second result's `previous` is the first result's `updated`.
package struct WalletUpdateResult: Sendable, Equatable {
    package var userID: UserID
    package var updated: [String: Int64]
    package var previous: [String: Int64]

    package init(userID: UserID, updated: [String: Int64], previous: [String: Int64]) {
        self.userID = userID
        self.updated = updated
        self.previous = previous
    }
}
