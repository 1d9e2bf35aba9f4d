import ShoalCore

/// One requested wallet change (Nakama's `walletUpdate`): what the batch wallet functions take.
///
/// `metadata` is a JSON object's text; it is stored with the ledger entry when the ledger is updated.
package struct WalletUpdate: Sendable, Equatable {
    package var userID: UserID
    package var changeset: [String: Int64]
    package var metadata: String

    package init(userID: UserID, changeset: [String: Int64], metadata: String = "{}") {
        self.userID = userID
        self.changeset = changeset
        self.metadata = metadata
    }
}
