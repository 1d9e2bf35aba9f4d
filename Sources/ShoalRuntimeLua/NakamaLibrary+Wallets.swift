import ShoalCore
import ShoalJSON
import ShoalLua
import ShoalProtocol
import ShoalRuntime

extension NakamaLibrary {
    /// Wallets and the wallet ledger (runtime.md §2.7).
    static func wallets(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        let services = instance.services
        return [
            "wallet_update": { arguments in
                let user = try userID(arguments, 1, "wallet_update")
                let changeset = try walletChangeset(arguments.table(2), arguments, 2)
                let metadata = try walletMetadata(arguments.value(3), arguments, 3)
                let updateLedger = try arguments.optionalBool(4) ?? false
                let results: [WalletUpdateResult]
                do {
                    results = try services.walletUpdates(
                        [WalletUpdate(userID: user, changeset: changeset, metadata: metadata)], updateLedger: updateLedger)
                } catch let error as RuntimeError {
                    throw fail("failed to update user wallet: \(error.message)")
                }
                guard let result = results.first else { throw fail("user not found") }
                return [walletValue(result.updated), walletValue(result.previous)]
            },
            "wallets_update": { arguments in
                let list = try arguments.table(1)
                let updates = try list.array.map { entry in
                    guard case .table(let update) = entry else {
                        throw arguments.badArgument(1, "expects a table of wallet updates")
                    }
                    guard let text = update["user_id"].stringValue, let user = UserID(text) else {
                        throw arguments.badArgument(1, "expects a valid user_id in each update")
                    }
                    guard case .table(let changeset) = update["changeset"] else {
                        throw arguments.badArgument(1, "expects a changeset table in each update")
                    }
                    return WalletUpdate(
                        userID: user, changeset: try walletChangeset(changeset, arguments, 1),
                        metadata: try walletMetadata(update["metadata"], arguments, 1))
                }
                let updateLedger = try arguments.optionalBool(2) ?? false
                do {
                    let results = try services.walletUpdates(updates, updateLedger: updateLedger)
                    return [
                        .table(LuaTable(array: results.map { result in
                            var table = LuaTable()
                            table["user_id"] = LuaValue(result.userID.description)
                            table["updated"] = walletValue(result.updated)
                            table["previous"] = walletValue(result.previous)
                            return .table(table)
                        })),
                    ]
                } catch let error as RuntimeError {
                    throw fail("failed to update user wallet: \(error.message)")
                }
            },
            "wallet_ledger_list": { arguments in
                let user = try userID(arguments, 1, "wallet_ledger_list")
                let limit = try arguments.optionalInteger(2) ?? 100
                guard (1...100).contains(limit) else { throw arguments.badArgument(2, "expects limit to be 1-100") }
                var cursor: WalletLedgerCursor?
                if let text = try arguments.optionalString(3), !text.isEmpty {
                    guard let parsed = WalletLedgerCursor(text) else {
                        throw arguments.badArgument(3, "expects a valid cursor")
                    }
                    cursor = parsed
                }
                do {
                    let page = try services.walletLedgerList(user, limit: limit, cursor: cursor)
                    return [
                        .table(LuaTable(array: page.items.map(ledgerItemValue))),
                        page.cursor.map { LuaValue($0.description) } ?? .nil,
                    ]
                } catch let error as RuntimeError {
                    throw fail("failed to retrieve user wallet ledger: \(error.message)")
                }
            },
            "wallet_ledger_update": { arguments in
                guard let id = UUIDValue(try arguments.string(1)) else {
                    throw arguments.badArgument(1, "expects a valid id")
                }
                let metadata = try walletMetadata(.table(try arguments.table(2)), arguments, 2)
                do {
                    return [ledgerItemValue(try services.walletLedgerUpdate(id: id, metadata: metadata))]
                } catch let error as RuntimeError {
                    throw fail("failed to update user wallet ledger: \(error.message)")
                }
            },
        ]
    }

    /// A changeset table: string keys, whole-number values (Lua numbers are doubles; fractions are refused).
    static func walletChangeset(_ table: LuaTable, _ arguments: LuaArguments, _ index: Int) throws -> [String: Int64] {
        guard table.array.isEmpty else { throw arguments.badArgument(index, "expects changeset keys to be strings") }
        var changeset: [String: Int64] = [:]
        for (key, value) in table.hash {
            guard let currency = key.stringValue else {
                throw arguments.badArgument(index, "expects changeset keys to be strings")
            }
            guard case .number = value else {
                throw arguments.badArgument(index, "expects changeset values to be numbers")
            }
            guard let amount = value.intValue else {
                throw arguments.badArgument(index, "expects changeset values to be whole numbers")
            }
            changeset[currency] = Int64(amount)
        }
        return changeset
    }

    /// Optional metadata: nil is `{}`; otherwise a table converted to a JSON object's text.
    static func walletMetadata(_ value: LuaValue, _ arguments: LuaArguments, _ index: Int) throws -> String {
        switch value {
        case .nil:
            return "{}"
        case .table:
            guard case .object(let object) = try LuaJSON.json(from: value) else {
                throw arguments.badArgument(index, "expects metadata to be a table of key-value pairs")
            }
            return JSONWriter.string(.object(object))
        default:
            throw arguments.badArgument(index, "expects metadata to be a table")
        }
    }

    static func walletValue(_ wallet: [String: Int64]) -> LuaValue {
        LuaJSON.luaValue(from: .object(JSONObject(wallet.keys.sorted().map { ($0, JSON.int(wallet[$0] ?? 0)) })))
    }

    /// A ledger item as Nakama's Lua runtime shows it: tables for changeset and metadata, Unix-second times.
    static func ledgerItemValue(_ item: WalletLedgerItem) -> LuaValue {
        var table = LuaTable()
        table["id"] = LuaValue(item.id.description)
        table["user_id"] = LuaValue(item.userID.description)
        table["create_time"] = .number(Double(item.createTime.seconds))
        table["update_time"] = .number(Double(item.updateTime.seconds))
        table["changeset"] = walletValue(item.changeset)
        table["metadata"] = LuaJSON.luaValue(from: (try? JSONParser.parse(item.metadata)) ?? .object(JSONObject()))
        return .table(table)
    }
}
