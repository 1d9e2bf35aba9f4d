import Foundation
import ShoalJSON
import ShoalTestSupport
import Synchronization
import Testing

/// `nk.wallet_*` called from Lua RPCs through a real node and database, and the account view of the wallet.
@Suite struct WalletFunctionTests {
    static let modules = [
        "wallets.lua": """
            local nk = require("nakama")

            -- Applies {delta} to the caller's "gold" with a ledger entry; answers {ok, gold} or {ok=false, error}.
            nk.register_rpc(function(ctx, payload)
              local delta = nk.json_decode(payload).delta
              local ok, updated = pcall(nk.wallet_update, ctx.user_id, {gold = delta}, {source = "rpc"}, true)
              if not ok then return nk.json_encode({ok = false, error = updated}) end
              return nk.json_encode({ok = true, gold = updated.gold})
            end, "wallet_add")

            nk.register_rpc(function(ctx, payload)
              local items, cursor, sum, count = nil, nil, 0, 0
              repeat
                items, cursor = nk.wallet_ledger_list(ctx.user_id, 100, cursor)
                for _, item in ipairs(items) do
                  sum = sum + (item.changeset.gold or 0)
                  count = count + 1
                end
              until cursor == nil
              return nk.json_encode({sum = sum, count = count})
            end, "ledger_sum")

            nk.register_rpc(function(ctx, payload)
              local user = ctx.user_id
              local updated, previous = nk.wallet_update(user, {gold = 100, gems = 5}, {reason = "start"}, true)
              local updated2, previous2 = nk.wallet_update(user, {gold = -30})
              local other = nk.authenticate_device("wallet-other-" .. nk.uuid_v4())
              local results = nk.wallets_update({
                {user_id = user, changeset = {gems = -1}, metadata = {batch = 1}},
                {user_id = other, changeset = {gold = 7}},
              }, true)
              local page1, cursor1 = nk.wallet_ledger_list(user, 1)
              local page2, cursor2 = nk.wallet_ledger_list(user, 1, cursor1)
              local all = nk.wallet_ledger_list(user)
              local first = all[#all]
              local item = nk.wallet_ledger_update(first.id, {note = "checked"})
              return nk.json_encode({
                updated = updated, previous = previous, updated2 = updated2, previous2 = previous2,
                results = results, other = other,
                page1_gems = page1[1].changeset.gems, has_cursor1 = cursor1 ~= nil,
                page2_gold = page2[1].changeset.gold, has_cursor2 = cursor2 ~= nil,
                ledger_count = #all, first = first, item = item,
              })
            end, "wallet_flow")

            nk.register_rpc(function(ctx, payload)
              local user = ctx.user_id
              nk.wallet_update(user, {gold = 10})
              local function try(fn, ...)
                local ok, err = pcall(fn, ...)
                return {ok = ok, err = tostring(err)}
              end
              return nk.json_encode({
                fraction = try(nk.wallet_update, user, {gold = 1.5}),
                text = try(nk.wallet_update, user, {gold = "5"}),
                array = try(nk.wallet_update, user, {5}),
                negative = try(nk.wallet_update, user, {gold = -11, gems = 3}),
                unknown = try(nk.wallet_update, "00000000-0000-4000-8000-00000000abcd", {gold = 1}),
                bad_user = try(nk.wallet_update, "nope", {gold = 1}),
                batch_negative = try(nk.wallets_update, {{user_id = user, changeset = {gold = 5}}, {user_id = user, changeset = {gold = -20}}}),
                bad_limit = try(nk.wallet_ledger_list, user, 500),
                bad_cursor = try(nk.wallet_ledger_list, user, 10, "garbage"),
                missing_item = try(nk.wallet_ledger_update, "00000000-0000-4000-8000-00000000abcd", {a = 1}),
                after = nk.account_get_id(user).wallet,
              })
            end, "wallet_errors")
            """,
    ]
    static let shared: Result<TestNode, any Error> = Result { try node(modules) }

    /// Calls an RPC as the session's user and decodes its JSON payload.
    func call(_ id: String, _ payload: String = "{}", token: String, client: HTTPTestClient) throws -> JSON {
        let response = try client.rpc(id, payload, headers: bearer(token))
        let text = try #require(response.json?["payload"]?.stringValue, "\(response)")
        return try JSONParser.parse(text)
    }

    @Test func updateListAndLedgerUpdate() throws {
        let client = try Self.shared.get().client()
        let token = try client.token()
        let result = try call("wallet_flow", token: token, client: client)

        #expect(result["updated"] == ["gems": 5, "gold": 100])
        #expect(result["previous"] == .object(JSONObject()))
        #expect(result["updated2"] == ["gems": 5, "gold": 70])
        #expect(result["previous2"] == ["gems": 5, "gold": 100])
        let results = try #require(result["results"]?.arrayValue)
        #expect(results.count == 2)
        #expect(results.first?["updated"] == ["gems": 4, "gold": 70])
        #expect(results.first?["previous"] == ["gems": 5, "gold": 70])
        #expect(results.last?["user_id"] == result["other"])
        #expect(results.last?["updated"] == ["gold": 7])

        // The ledger holds the first update and the batch entry (the second update skipped the ledger).
        #expect(result["ledger_count"] == 2)
        #expect(result["page1_gems"] == .int(-1))
        #expect(result["has_cursor1"] == .bool(true))
        #expect(result["page2_gold"] == .int(100))
        #expect(result["has_cursor2"] == .bool(false))
        let first = try #require(result["first"])
        #expect(first["changeset"] == ["gems": 5, "gold": 100])
        #expect(first["metadata"] == ["reason": "start"])
        #expect((first["create_time"]?.intValue ?? 0) > 1_700_000_000)
        let item = try #require(result["item"])
        #expect(item["id"] == first["id"])
        #expect(item["user_id"] == first["user_id"])
        #expect(item["metadata"] == ["note": "checked", "reason": "start"])

        // GET /v2/account shows the wallet as a JSON string.
        let account = try client.request("GET", "/v2/account", headers: bearer(token))
        #expect(account.status == 200)
        let wallet = try #require(account.json?["wallet"]?.stringValue)
        #expect(try JSONParser.parse(wallet) == ["gems": 4, "gold": 70])
    }

    @Test func badInputAndRejectedUpdates() throws {
        let client = try Self.shared.get().client()
        let result = try call("wallet_errors", token: try client.token(), client: client)
        func expectFailure(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(result[name]?["ok"] == .bool(false), sourceLocation: sourceLocation)
            let error = result[name]?["err"]?.stringValue ?? ""
            #expect(error.contains(text), "\(name): \(error)", sourceLocation: sourceLocation)
        }
        expectFailure("fraction", "bad argument #2 to 'wallet_update' (expects changeset values to be whole numbers)")
        expectFailure("text", "bad argument #2 to 'wallet_update' (expects changeset values to be numbers)")
        expectFailure("array", "bad argument #2 to 'wallet_update' (expects changeset keys to be strings)")
        expectFailure(
            "negative",
            "failed to update user wallet: wallet update rejected negative value at path 'gold', current: 10, change: -11")
        expectFailure("unknown", "user not found")
        expectFailure("bad_user", "bad argument #1 to 'wallet_update' (invalid user id)")
        expectFailure("batch_negative", "wallet update rejected negative value at path 'gold', current: 15, change: -20")
        expectFailure("bad_limit", "bad argument #2 to 'wallet_ledger_list' (expects limit to be 1-100)")
        expectFailure("bad_cursor", "bad argument #3 to 'wallet_ledger_list' (expects a valid cursor)")
        expectFailure("missing_item", "failed to update user wallet ledger: wallet ledger item not found")
        // Nothing rejected was applied.
        #expect(result["after"] == ["gold": 10])
    }

    /// Clients hitting one wallet through the node's workers at once: the final balance equals the ledger's
    /// sum and the sum of the accepted deltas, and no answer ever shows a negative balance.
    @Test func concurrentRPCsOnOneWallet() throws {
        let node = try Self.shared.get()
        let token = try node.client().token()
        let accepted = Mutex<Int64>(0)
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for _ in 0..<6 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let client = node.client()
                var rng = SystemRandomNumberGenerator()
                for _ in 0..<12 {
                    let delta = Int64.random(in: -8...10, using: &rng)
                    do {
                        let answer = try call("wallet_add", #"{"delta":\#(delta)}"#, token: token, client: client)
                        if answer["ok"] == .bool(true) {
                            accepted.withLock { $0 += delta }
                            if (answer["gold"]?.intValue ?? -1) < 0 { failures.withLock { $0.append("\(answer)") } }
                        } else if answer["error"]?.stringValue?.contains("rejected negative value") != true {
                            failures.withLock { $0.append("\(answer)") }
                        }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
        }
        group.wait()
        #expect(failures.withLock { $0 } == [])

        let client = node.client()
        let expected = accepted.withLock { $0 }
        let ledger = try call("ledger_sum", token: token, client: client)
        #expect(ledger["sum"] == .int(expected))
        let account = try client.request("GET", "/v2/account", headers: bearer(token))
        let wallet = try JSONParser.parse(try #require(account.json?["wallet"]?.stringValue))
        #expect((wallet["gold"]?.intValue ?? 0) == expected)
        #expect(expected >= 0)
    }
}
