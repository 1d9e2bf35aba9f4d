import ShoalCore

/// One row of a user's wallet ledger (Nakama's `runtime.WalletLedgerItem`): a changeset that was applied,
/// with the caller's metadata.
///
/// `metadata` is a JSON object's text. `createTime` is when the change was applied; `updateTime` moves when
/// the metadata is later updated.
package struct WalletLedgerItem: Sendable, Equatable {
    package var id: UUIDValue
    package var userID: UserID
    package var changeset: [String: Int64]
    package var metadata: String
    package var createTime: Timestamp
    package var updateTime: Timestamp

    package init(
        id: UUIDValue, userID: UserID, changeset: [String: Int64], metadata: String, createTime: Timestamp,
        updateTime: Timestamp
    ) {
        self.id = id
        self.userID = userID
        self.changeset = changeset
        self.metadata = metadata
        self.createTime = createTime
        self.updateTime = updateTime
    }
}
