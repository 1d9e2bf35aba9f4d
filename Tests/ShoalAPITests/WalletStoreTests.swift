import Foundation
import ShoalCore
import ShoalPostgres
import ShoalProtocol
import ShoalStore
import ShoalTestSupport
import Synchronization
import Testing

/// `WalletStore` against a real, migrated database.
@Suite struct WalletStoreTests {
    static let database: Result<String, any Error> = Result { try TestDatabase.create() }

    static func connect() throws -> PGConnection { try PGConnection(conninfo: database.get()) }

    static func newUser(_ connection: PGConnection) throws -> UserID {
        var generator = SystemRandomNumberGenerator()
        let id = UserID(UUIDValue.random(using: &generator))
        try UserStore(connection: connection).create(
            id: id, username: uniqueID("wallet"), identity: .custom, value: uniqueID("custom"), passwordHash: nil)
        return id
    }

    static func storedWallet(_ connection: PGConnection, _ user: UserID) throws -> String? {
        try connection.query("SELECT wallet::text FROM users WHERE id = $1", [.text(user.description)]).rows.first?.string(0)
    }

    @Test func updateAppliesWritesWalletAndLedger() throws {
        let connection = try Self.connect()
        defer { connection.close() }
        let user = try Self.newUser(connection)
        let store = WalletStore(connection: connection)

        let first = try store.update(user, changeset: ["gold": 10, "gems": 2], metadata: #"{"reason":"quest"}"#, updateLedger: true)
        #expect(first == WalletUpdateResult(userID: user, updated: ["gold": 10, "gems": 2], previous: [:]))
        let second = try store.update(user, changeset: ["gold": -4], updateLedger: true)
        #expect(second.previous == ["gold": 10, "gems": 2])
        #expect(second.updated == ["gold": 6, "gems": 2])
        #expect(try Self.storedWallet(connection, user) == #"{"gems": 2, "gold": 6}"#)
        #expect(try UserStore(connection: connection).account(id: user)?.wallet == #"{"gems": 2, "gold": 6}"#)

        let page = try store.ledgerList(user, limit: 10, cursor: nil)
        #expect(page.cursor == nil)
        #expect(page.items.count == 2)
        let changesets = Set(page.items.map { WalletStore.json($0.changeset) })
        #expect(changesets == [#"{"gems":2,"gold":10}"#, #"{"gold":-4}"#])
        let quest = try #require(page.items.first { $0.changeset["gems"] == 2 })
        #expect(quest.metadata == #"{"reason": "quest"}"#)
        #expect(quest.userID == user)
        #expect(quest.createTime.seconds > 1_700_000_000)
    }

    @Test func updateWithoutLedgerWritesNoLedgerRow() throws {
        let connection = try Self.connect()
        defer { connection.close() }
        let user = try Self.newUser(connection)
        let store = WalletStore(connection: connection)
        _ = try store.update(user, changeset: ["gold": 3], updateLedger: false)
        #expect(try store.ledgerList(user, limit: 10, cursor: nil).items.isEmpty)
        #expect(try Self.storedWallet(connection, user) == #"{"gold": 3}"#)
    }

    @Test func negativeResultChangesNothing() throws {
        let connection = try Self.connect()
        defer { connection.close() }
        let user = try Self.newUser(connection)
        let store = WalletStore(connection: connection)
        _ = try store.update(user, changeset: ["gold": 5], updateLedger: true)
        #expect(throws: WalletRejection(kind: .negative, currency: "gold", current: 5, delta: -6)) {
            try store.update(user, changeset: ["gold": -6, "gems": 1], updateLedger: true)
        }
        #expect(try Self.storedWallet(connection, user) == #"{"gold": 5}"#)
        #expect(try store.ledgerList(user, limit: 10, cursor: nil).items.count == 1)
        let allowed = try store.update(user, changeset: ["gold": -6], updateLedger: false, allowNegative: true)
        #expect(allowed.updated == ["gold": -1])
    }

    @Test func unknownUserIsNotFound() throws {
        let connection = try Self.connect()
        defer { connection.close() }
        var generator = SystemRandomNumberGenerator()
        let stranger = UserID(UUIDValue.random(using: &generator))
        #expect(throws: StoreError(.notFound)) {
            try WalletStore(connection: connection).update(stranger, changeset: ["gold": 1], updateLedger: true)
        }
        #expect(try WalletStore(connection: connection).ledgerList(stranger, limit: 5, cursor: nil).items.isEmpty)
    }

    @Test func batchIsAtomicChainsAndSkipsUnknownUsers() throws {
        let connection = try Self.connect()
        defer { connection.close() }
        let alice = try Self.newUser(connection)
        let bob = try Self.newUser(connection)
        var generator = SystemRandomNumberGenerator()
        let stranger = UserID(UUIDValue.random(using: &generator))
        let store = WalletStore(connection: connection)

        let results = try store.updates(
            [
                WalletUpdate(userID: alice, changeset: ["gold": 10]),
                WalletUpdate(userID: stranger, changeset: ["gold": 10]),
                WalletUpdate(userID: bob, changeset: ["gems": 1], metadata: #"{"n":1}"#),
                WalletUpdate(userID: alice, changeset: ["gold": -3]),
            ], updateLedger: true)
        #expect(results == [
            WalletUpdateResult(userID: alice, updated: ["gold": 10], previous: [:]),
            WalletUpdateResult(userID: bob, updated: ["gems": 1], previous: [:]),
            WalletUpdateResult(userID: alice, updated: ["gold": 7], previous: ["gold": 10]),
        ])
        #expect(try store.ledgerList(alice, limit: 10, cursor: nil).items.count == 2)
        #expect(try store.ledgerList(bob, limit: 10, cursor: nil).items.count == 1)

        #expect(throws: WalletRejection.self) {
            try store.updates(
                [WalletUpdate(userID: bob, changeset: ["gems": 5]), WalletUpdate(userID: alice, changeset: ["gold": -8])],
                updateLedger: true)
        }
        #expect(try Self.storedWallet(connection, alice) == #"{"gold": 7}"#)
        #expect(try Self.storedWallet(connection, bob) == #"{"gems": 1}"#)
        #expect(try store.ledgerList(bob, limit: 10, cursor: nil).items.count == 1)
    }

    @Test func ledgerPagesNewestFirstWithACursor() throws {
        let connection = try Self.connect()
        defer { connection.close() }
        let user = try Self.newUser(connection)
        let store = WalletStore(connection: connection)
        for amount in 1...7 {
            _ = try store.update(user, changeset: ["gold": Int64(amount)], updateLedger: true)
        }
        var seen: [Int64] = []
        var cursor: WalletLedgerCursor?
        var pages = 0
        repeat {
            let page = try store.ledgerList(user, limit: 3, cursor: cursor)
            seen += page.items.compactMap { $0.changeset["gold"] }
            cursor = page.cursor
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen == [7, 6, 5, 4, 3, 2, 1])
    }

    @Test func ledgerUpdateMergesMetadata() throws {
        let connection = try Self.connect()
        defer { connection.close() }
        let user = try Self.newUser(connection)
        let store = WalletStore(connection: connection)
        _ = try store.update(user, changeset: ["gold": 1], metadata: #"{"a":1,"b":2}"#, updateLedger: true)
        let item = try #require(try store.ledgerList(user, limit: 1, cursor: nil).items.first)
        let updated = try store.ledgerUpdate(id: item.id, metadata: #"{"b":3,"c":"x"}"#)
        #expect(updated.id == item.id)
        #expect(updated.changeset == ["gold": 1])
        #expect(updated.metadata == #"{"a": 1, "b": 3, "c": "x"}"#)
        #expect(updated.updateTime >= item.updateTime)
        var generator = SystemRandomNumberGenerator()
        #expect(throws: StoreError(.notFound)) {
            try store.ledgerUpdate(id: UUIDValue.random(using: &generator), metadata: "{}")
        }
    }

    /// Many connections apply random deltas to one wallet at once: no update is lost, no balance ever goes
    /// negative, and the final balance equals both the ledger's sum and the sum of the accepted deltas.
    @Test func concurrentUpdatesToOneWalletAreSerialised() throws {
        let setup = try Self.connect()
        defer { setup.close() }
        let user = try Self.newUser(setup)
        _ = try WalletStore(connection: setup).update(user, changeset: ["gold": 100], updateLedger: true)

        let accepted = Mutex<Int64>(100)
        let rejected = Mutex<Int>(0)
        let failures = Mutex<[String]>([])
        let threads = 8, rounds = 25
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let connection = try Self.connect()
                    defer { connection.close() }
                    let store = WalletStore(connection: connection)
                    var rng = SystemRandomNumberGenerator()
                    for _ in 0..<rounds {
                        let delta = Int64.random(in: -30...25, using: &rng)
                        do {
                            let result = try store.update(
                                user, changeset: ["gold": delta], metadata: #"{"thread":\#(thread)}"#, updateLedger: true)
                            if result.updated["gold"].map({ $0 < 0 }) ?? true {
                                failures.withLock { $0.append("negative result \(result)") }
                            }
                            if result.updated["gold"] != result.previous["gold"].map({ $0 + delta }) {
                                failures.withLock { $0.append("inconsistent result \(result)") }
                            }
                            accepted.withLock { $0 += delta }
                        } catch let rejection as WalletRejection {
                            if rejection.current + delta >= 0 { failures.withLock { $0.append("wrong rejection \(rejection)") } }
                            rejected.withLock { $0 += 1 }
                        }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        group.wait()

        #expect(failures.withLock { $0 } == [])
        let expected = accepted.withLock { $0 }
        let store = WalletStore(connection: setup)
        var ledgerSum: Int64 = 0
        var ledgerCount = 0
        var cursor: WalletLedgerCursor?
        repeat {
            let page = try store.ledgerList(user, limit: 100, cursor: cursor)
            ledgerSum += page.items.reduce(0) { $0 + ($1.changeset["gold"] ?? 0) }
            ledgerCount += page.items.count
            cursor = page.cursor
        } while cursor != nil
        #expect(try Self.storedWallet(setup, user) == #"{"gold": \#(expected)}"#)
        #expect(ledgerSum == expected)
        #expect(ledgerCount == 1 + threads * rounds - rejected.withLock { $0 })
        #expect(expected >= 0)
    }
}
