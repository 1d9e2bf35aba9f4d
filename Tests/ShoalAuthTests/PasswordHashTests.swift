import Testing
@testable import ShoalAuth

@Suite struct PasswordHashTests {
    /// SplitMix64, so a salt can be reproduced in a test.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    @Test func hashThenVerify() throws {
        let hash = try PasswordHash.hash("correct horse", cost: 4)
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(hash.utf8.count == 60)
        #expect(PasswordHash.verify("correct horse", hash: hash))
        #expect(!PasswordHash.verify("correct horsE", hash: hash))
        #expect(!PasswordHash.verify("", hash: hash))
    }

    @Test func saltsComeFromTheGenerator() throws {
        var first = SeededGenerator(state: 1)
        var again = SeededGenerator(state: 1)
        var other = SeededGenerator(state: 2)
        let a = try PasswordHash.hash("pw", cost: 4, using: &first)
        let b = try PasswordHash.hash("pw", cost: 4, using: &again)
        let c = try PasswordHash.hash("pw", cost: 4, using: &other)
        #expect(a == b)
        #expect(a != c)
        #expect(PasswordHash.verify("pw", hash: c))
        #expect(try PasswordHash.hash("pw", cost: 4) != PasswordHash.hash("pw", cost: 4))
    }

    /// Hashes made by Python's `bcrypt` 5.0.0; `$2y$` is the same algorithm as `$2b$` under PHP's prefix.
    @Test func verifiesHashesFromOtherImplementations() {
        let twoA = "$2a$04$x7KBbIvGefGzfMHUC1zCyOCDMHc5K7UMhC9ruizOgqBa1ScDNATDm"
        let twoB = "$2b$05$Vrqzebv2RVi/ecIIs/Uj9uLcvY5vFzVHEuAsxVDQj1aklTbBTS4te"
        let twoY = "$2y$" + twoB.dropFirst(4)
        for hash in [twoA, twoB, twoY] {
            #expect(PasswordHash.verify("correct horse", hash: hash), "\(hash)")
            #expect(!PasswordHash.verify("wrong horse", hash: hash), "\(hash)")
        }
        // OpenBSD's published bcrypt test vector.
        #expect(PasswordHash.verify("U*U", hash: "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
    }

    @Test func onlyTheFirst72BytesCount() throws {
        let long = String(repeating: "a", count: 72)
        let hash = try PasswordHash.hash(long, cost: 4)
        #expect(PasswordHash.verify(long + "ignored", hash: hash))
    }

    @Test func garbageAndOtherSchemesNeverVerify() {
        let rejected = [
            "", "abc", "$2a$", "$2a$04$short", "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/", "abJnggxhB/yWI", "*0",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeX",
        ]
        for hash in rejected {
            #expect(!PasswordHash.verify("U*U", hash: hash), "\(hash)")
        }
        #expect(!PasswordHash.verify("U*U\u{0}x", hash: "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
    }

    @Test func refusesBadCostAndNUL() {
        #expect(throws: PasswordHashError.invalidCost(3)) { try PasswordHash.hash("pw", cost: 3) }
        #expect(throws: PasswordHashError.invalidCost(32)) { try PasswordHash.hash("pw", cost: 32) }
        #expect(throws: PasswordHashError.passwordContainsNUL) { try PasswordHash.hash("p\u{0}w", cost: 4) }
    }
}
