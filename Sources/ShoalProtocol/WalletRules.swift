/// The one rule for changing a wallet (Nakama's `updateWallets`), kept pure so the store, the runtime and the
/// property tests share it.
///
/// A wallet maps currency names to balances; a changeset maps currency names to signed deltas. Applying a
/// changeset adds each delta to its currency (a missing currency counts as 0 and stays in the wallet, even at
/// 0). Nothing is applied when any result would be negative (unless allowed) or would not fit an `Int64`.
/// Currencies are visited in name order, so the reported rejection is deterministic.
package enum WalletRules {
    package typealias Wallet = [String: Int64]

    /// The wallet after `changeset`, or the first currency (by name) that makes it invalid.
    package static func apply(_ changeset: Wallet, to wallet: Wallet, allowNegative: Bool = false)
        throws(WalletRejection) -> Wallet
    {
        var result = wallet
        for currency in changeset.keys.sorted() {
            let delta = changeset[currency] ?? 0
            let current = wallet[currency] ?? 0
            let (sum, overflow) = current.addingReportingOverflow(delta)
            if overflow {
                throw WalletRejection(kind: .overflow, currency: currency, current: current, delta: delta)
            }
            if sum < 0, !allowNegative {
                throw WalletRejection(kind: .negative, currency: currency, current: current, delta: delta)
            }
            result[currency] = sum
        }
        return result
    }

    /// Applies changesets in order to the wallets of their owners, each seeing the result of the previous
    /// ones for the same owner. Changesets of owners missing from `wallets` are skipped (Nakama ignores
    /// updates for unknown users). All or nothing: the first rejection stops the whole batch.
    package static func applyAll<Owner: Hashable>(
        _ changesets: [(owner: Owner, changeset: Wallet)], to wallets: [Owner: Wallet], allowNegative: Bool = false
    ) throws(WalletRejection) -> (steps: [(owner: Owner, previous: Wallet, updated: Wallet)], wallets: [Owner: Wallet]) {
        var current = wallets
        var steps: [(owner: Owner, previous: Wallet, updated: Wallet)] = []
        for (owner, changeset) in changesets {
            guard let previous = current[owner] else { continue }
            let updated = try apply(changeset, to: previous, allowNegative: allowNegative)
            current[owner] = updated
            steps.append((owner, previous, updated))
        }
        return (steps, current)
    }
}
