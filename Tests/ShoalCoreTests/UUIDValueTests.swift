import Testing
@testable import ShoalCore

@Suite struct UUIDValueTests {
    @Test func parsesAndPrintsCanonicalForm() throws {
        let text = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
        let uuid = try #require(UUIDValue(text))
        #expect(uuid.description == text)
        #expect(UUIDValue("6F1D2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B")?.description == text)
    }

    @Test(arguments: [
        "", "6f1d2a3b4c5d4e6f8a9b0c1d2e3f4a5b", "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5", "6f1d2a3b-4c5d-4e6f-8a9b_0c1d2e3f4a5b",
        "gf1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5bb",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(UUIDValue(text) == nil)
    }

    @Test func randomIsVersion4Variant1AndDistinct() {
        var generator = SplitMix64(seed: 42)
        let first = UUIDValue.random(using: &generator)
        let second = UUIDValue.random(using: &generator)
        #expect(first != second)
        for uuid in [first, second] {
            let text = uuid.description
            #expect(Array(text)[14] == "4")
            #expect("89ab".contains(Array(text)[19]))
        }
    }

    @Test func nilUUIDIsTheSystemUser() {
        #expect(UserID.system.description == "00000000-0000-0000-0000-000000000000")
    }
}

/// A tiny deterministic generator for tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
