import ShoalCore

/// The position after which a wallet ledger listing continues: the last item returned (ledgers are listed
/// newest first, ties broken by id, descending).
///
/// Its text form is opaque to callers and round-trips through `description` / `init?(_:)`; text that is not a
/// cursor parses as nil.
package struct WalletLedgerCursor: Sendable, Equatable, CustomStringConvertible {
    package var createTime: Timestamp
    package var id: UUIDValue

    package init(createTime: Timestamp, id: UUIDValue) {
        self.createTime = createTime
        self.id = id
    }

    package init?(_ text: String) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUIDValue(parts[1]) else { return nil }
        self.init(createTime: Timestamp(microseconds: micros), id: id)
    }

    package var description: String { "\(createTime.microseconds)_\(id)" }
}
