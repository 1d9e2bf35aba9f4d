import ShoalCore
import ShoalProtocol
import ShoalRuntime
import ShoalStore

extension ServerRuntimeServices {
    package func walletUpdates(_ updates: [WalletUpdate], updateLedger: Bool) throws(RuntimeError)
        -> [WalletUpdateResult]
    {
        try run { database in
            do {
                return try WalletStore(connection: database).updates(updates, updateLedger: updateLedger)
            } catch let rejection as WalletRejection {
                throw RuntimeError(.invalidArgument, rejection.description)
            }
        }
    }

    package func walletLedgerList(_ user: UserID, limit: Int, cursor: WalletLedgerCursor?)
        throws(RuntimeError) -> (items: [WalletLedgerItem], cursor: WalletLedgerCursor?)
    {
        try run { try WalletStore(connection: $0).ledgerList(user, limit: limit, cursor: cursor) }
    }

    package func walletLedgerUpdate(id: UUIDValue, metadata: String) throws(RuntimeError) -> WalletLedgerItem {
        try run { database in
            do {
                return try WalletStore(connection: database).ledgerUpdate(id: id, metadata: metadata)
            } catch let error as StoreError where error.code == .notFound {
                throw RuntimeError(.notFound, "wallet ledger item not found")
            }
        }
    }
}
