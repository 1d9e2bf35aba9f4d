import Testing
import ShoalProtocol

@Suite struct WalletRulesTests {
    /// A seeded generator, so the property tests are reproducible run to run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func addsDeltasAndKeepsOtherCurrencies() throws {
        let wallet = try WalletRules.apply(["gold": 5, "gems": -2, "new": 0], to: ["gold": 10, "gems": 3, "keys": 1])
        #expect(wallet == ["gold": 15, "gems": 1, "keys": 1, "new": 0])
    }

    @Test func missingCurrencyStartsAtZeroAndZeroBalancesStay() throws {
        #expect(try WalletRules.apply(["coins": 7], to: [:]) == ["coins": 7])
        #expect(try WalletRules.apply(["coins": -7], to: ["coins": 7]) == ["coins": 0])
        #expect(try WalletRules.apply([:], to: ["coins": 7]) == ["coins": 7])
    }

    @Test func negativeResultIsRejectedNamingTheCurrency() {
        let rejection = #expect(throws: WalletRejection.self) {
            try WalletRules.apply(["gold": 1, "coins": -20], to: ["coins": 10])
        }
        #expect(rejection == WalletRejection(kind: .negative, currency: "coins", current: 10, delta: -20))
        #expect(rejection?.description == "wallet update rejected negative value at path 'coins', current: 10, change: -20")
    }

    @Test func negativeResultIsAllowedWhenAsked() throws {
        #expect(try WalletRules.apply(["coins": -20], to: ["coins": 10], allowNegative: true) == ["coins": -10])
    }

    @Test func overflowIsRejectedEvenWhenNegativeIsAllowed() {
        #expect(throws: WalletRejection(kind: .overflow, currency: "c", current: .max, delta: 1)) {
            try WalletRules.apply(["c": 1], to: ["c": .max])
        }
        #expect(throws: WalletRejection(kind: .overflow, currency: "c", current: .min, delta: -1)) {
            try WalletRules.apply(["c": -1], to: ["c": .min], allowNegative: true)
        }
    }

    @Test func firstRejectedCurrencyByNameIsReported() {
        #expect(throws: WalletRejection(kind: .negative, currency: "a", current: 0, delta: -1)) {
            try WalletRules.apply(["z": -1, "a": -1, "m": -1], to: [:])
        }
    }

    @Test func batchChainsUpdatesOfOneOwnerAndSkipsUnknownOwners() throws {
        let outcome = try WalletRules.applyAll(
            [("u1", ["g": 5]), ("nobody", ["g": 1]), ("u1", ["g": -3]), ("u2", ["s": 1])],
            to: ["u1": ["g": 1], "u2": [:]])
        #expect(outcome.steps.map(\.owner) == ["u1", "u1", "u2"])
        #expect(outcome.steps[0].previous == ["g": 1] && outcome.steps[0].updated == ["g": 6])
        #expect(outcome.steps[1].previous == ["g": 6] && outcome.steps[1].updated == ["g": 3])
        #expect(outcome.wallets == ["u1": ["g": 3], "u2": ["s": 1]])
    }

    @Test func batchIsAllOrNothing() {
        #expect(throws: WalletRejection(kind: .negative, currency: "g", current: 2, delta: -3)) {
            try WalletRules.applyAll([("u1", ["g": 1]), ("u1", ["g": -3])], to: ["u1": ["g": 1]])
        }
    }

    /// Random changesets applied one after another: each balance always equals the sum of the deltas of the
    /// accepted changesets, never goes below zero, and a rejected changeset changes nothing.
    @Test func balanceEqualsSumOfAcceptedChangesets() throws {
        var rng = Seeded(state: 0x3A11E7)
        let currencies = ["gold", "gems", "keys", "coins"]
        for _ in 0..<300 {
            var wallet: [String: Int64] = [:]
            var sums: [String: Int64] = [:]
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                var changeset: [String: Int64] = [:]
                for currency in currencies where Bool.random(using: &rng) {
                    changeset[currency] = Int64.random(in: -50...60, using: &rng)
                }
                do {
                    let next = try WalletRules.apply(changeset, to: wallet)
                    for (currency, delta) in changeset { sums[currency, default: 0] += delta }
                    wallet = next
                } catch {
                    let offending = changeset.filter { (wallet[$0.key] ?? 0) + $0.value < 0 }.keys.sorted()
                    #expect(error.currency == offending.first)
                    #expect(error.kind == .negative)
                }
                #expect(wallet == sums)
                #expect(wallet.values.allSatisfy { $0 >= 0 })
            }
        }
    }

    /// Near the limits of Int64 a result is either exact or rejected as overflow, never wrapped.
    @Test func resultsNearTheLimitsNeverWrap() {
        var rng = Seeded(state: 0xB16)
        for _ in 0..<2_000 {
            let current = Int64.random(in: (Int64.max - 1_000)...Int64.max, using: &rng)
            let delta = Int64.random(in: -1_000...1_000, using: &rng)
            do {
                let wallet = try WalletRules.apply(["c": delta], to: ["c": current])
                #expect(Int64.max - current >= delta)
                #expect(wallet["c"].map { $0 - delta } == current)
            } catch {
                #expect(error.kind == .overflow)
                #expect(delta > Int64.max - current)
            }
        }
    }
}
