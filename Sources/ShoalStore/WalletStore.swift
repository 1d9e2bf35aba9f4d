import ShoalCore
import ShoalJSON
import ShoalPostgres
import ShoalProtocol

/// The wallet repository: balances in `users.wallet` and the `wallet_ledger` of applied changesets. Runs on a
/// request worker's connection.
///
/// Every update runs in one transaction that locks the affected users' rows (`SELECT … FOR UPDATE`, in id
/// order so concurrent batches cannot deadlock), applies `WalletRules`, writes the wallets and, when asked,
/// one ledger row per applied update. A rejected changeset (`WalletRejection`) changes nothing.
package struct WalletStore {
    private let connection: PGConnection

    package init(connection: PGConnection) { self.connection = connection }

    /// Applies one changeset to one user's wallet. Throws `StoreError(.notFound)` for an unknown user and
    /// `WalletRejection` when a balance would go negative (unless `allowNegative`) or overflow.
    package func update(
        _ user: UserID, changeset: [String: Int64], metadata: String = "{}", updateLedger: Bool,
        allowNegative: Bool = false
    ) throws -> WalletUpdateResult {
        let results = try updates(
            [WalletUpdate(userID: user, changeset: changeset, metadata: metadata)], updateLedger: updateLedger,
            allowNegative: allowNegative)
        guard let result = results.first else { throw StoreError(.notFound) }
        return result
    }

    /// Applies every update atomically, in order; updates of unknown users are skipped (no result).
    /// `metadata` of each update must be a JSON object's text.
    package func updates(_ updates: [WalletUpdate], updateLedger: Bool, allowNegative: Bool = false) throws
        -> [WalletUpdateResult]
    {
        guard !updates.isEmpty else { return [] }
        let ids = Set(updates.map(\.userID)).sorted()
        return try connection.transaction { connection in
            let rows = try connection.query(
                "SELECT id, wallet::text FROM users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE",
                [.text("{" + ids.map(\.description).joined(separator: ",") + "}")]
            ).rows
            var wallets: [UserID: [String: Int64]] = [:]
            for row in rows {
                guard let id = UserID(row.string(0) ?? "") else { continue }
                wallets[id] = try WalletStore.wallet(fromJSON: row.string(1) ?? "{}")
            }
            let applied = try WalletRules.applyAll(
                updates.map { ($0.userID, $0.changeset) }, to: wallets, allowNegative: allowNegative)
            for id in ids {
                guard let wallet = applied.wallets[id] else { continue }
                try connection.query(
                    "UPDATE users SET wallet = $2::jsonb, update_time = now() WHERE id = $1",
                    [.text(id.description), .text(WalletStore.json(wallet))])
            }
            if updateLedger {
                var generator = SystemRandomNumberGenerator()
                for update in updates where wallets[update.userID] != nil {
                    try connection.query(
                        """
                        INSERT INTO wallet_ledger (id, user_id, changeset, metadata)
                        VALUES ($1, $2, $3::jsonb, $4::jsonb)
                        """,
                        [
                            .text(UUIDValue.random(using: &generator).description), .text(update.userID.description),
                            .text(WalletStore.json(update.changeset)), .text(update.metadata),
                        ])
                }
            }
            return applied.steps.map {
                WalletUpdateResult(userID: $0.owner, updated: $0.updated, previous: $0.previous)
            }
        }
    }

    /// A user's ledger, newest first, at most `limit` items after `cursor`; the returned cursor is nil when no
    /// item follows.
    package func ledgerList(_ user: UserID, limit: Int, cursor: WalletLedgerCursor?) throws
        -> (items: [WalletLedgerItem], cursor: WalletLedgerCursor?)
    {
        var params: [PGValue] = [.text(user.description), .int(Int64(limit) + 1)]
        var after = ""
        if let cursor {
            params.append(.int(cursor.createTime.microseconds))
            params.append(.text(cursor.id.description))
            after = "AND (create_time, id) < ('epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4::uuid)"
        }
        let rows = try connection.query(
            """
            SELECT \(WalletStore.ledgerColumns) FROM wallet_ledger
            WHERE user_id = $1 \(after) ORDER BY create_time DESC, id DESC LIMIT $2
            """, params
        ).rows
        var items = try rows.map(WalletStore.ledgerItem)
        var next: WalletLedgerCursor?
        if items.count > limit {
            items.removeLast(items.count - limit)
            next = items.last.map { WalletLedgerCursor(createTime: $0.createTime, id: $0.id) }
        }
        return (items, next)
    }

    /// Merges `metadata` (a JSON object's text) into a ledger item's metadata. `StoreError(.notFound)` when
    /// there is no such item.
    package func ledgerUpdate(id: UUIDValue, metadata: String) throws -> WalletLedgerItem {
        let rows = try connection.query(
            """
            UPDATE wallet_ledger SET metadata = metadata || $2::jsonb, update_time = now() WHERE id = $1
            RETURNING \(WalletStore.ledgerColumns)
            """, [.text(id.description), .text(metadata)]
        ).rows
        guard let row = rows.first else { throw StoreError(.notFound) }
        return try WalletStore.ledgerItem(row)
    }

    // MARK: Row mapping

    static let ledgerColumns = """
        id, user_id, changeset::text, metadata::text, (extract(epoch FROM create_time) * 1000000)::bigint,
        (extract(epoch FROM update_time) * 1000000)::bigint
        """

    static func ledgerItem(_ row: PGRow) throws -> WalletLedgerItem {
        WalletLedgerItem(
            id: UUIDValue(row.string(0) ?? "") ?? .zero, userID: UserID(row.string(1) ?? "") ?? .system,
            changeset: try wallet(fromJSON: row.string(2) ?? "{}"), metadata: row.string(3) ?? "{}",
            createTime: Timestamp(microseconds: row.int(4) ?? 0), updateTime: Timestamp(microseconds: row.int(5) ?? 0))
    }

    /// A stored wallet or changeset: a JSON object of whole numbers. Anything else is corrupt data.
    static func wallet(fromJSON text: String) throws -> [String: Int64] {
        guard case .object(let object) = try JSONParser.parse(text) else {
            throw PGError(message: "wallet is not a JSON object: \(text)")
        }
        var wallet: [String: Int64] = [:]
        for (currency, value) in object {
            guard let amount = value.intValue else {
                throw PGError(message: "wallet value of '\(currency)' is not a whole number: \(text)")
            }
            wallet[currency] = amount
        }
        return wallet
    }

    /// A wallet or changeset as a JSON object, currencies in name order.
    package static func json(_ wallet: [String: Int64]) -> String {
        JSONWriter.string(.object(JSONObject(wallet.keys.sorted().map { ($0, JSON.int(wallet[$0] ?? 0)) })))
    }
}
