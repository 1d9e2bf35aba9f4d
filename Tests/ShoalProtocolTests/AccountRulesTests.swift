import ShoalCore
import Testing
@testable import ShoalProtocol

@Suite struct AccountRulesTests {
    @Test(arguments: ["0123456789", String(repeating: "d", count: 128), "device-ÄÖÜ-1"])
    func acceptsDeviceIDs(_ id: String) throws {
        try AccountRules.validateDeviceID(id)
    }

    @Test(arguments: ["", "short", String(repeating: "d", count: 129), "has space in it", "tab\there-xx", "nl\nhere-xxx"])
    func rejectsDeviceIDs(_ id: String) {
        #expect(throws: APIError.self) { try AccountRules.validateDeviceID(id) }
    }

    @Test func customIDsNeedSixBytes() throws {
        try AccountRules.validateCustomID("abcdef")
        #expect(throws: APIError.self) { try AccountRules.validateCustomID("abcde") }
    }

    @Test func emailsAreValidatedAndLowerCased() throws {
        #expect(try AccountRules.normalizeEmail("Player.One@Example.COM") == "player.one@example.com")
        for bad in ["", "no-at-sign.com", "@example.com", "a@b", "a@.com", "a@b.", "sp ace@example.com", "a@b.c"] {
            #expect(throws: APIError.self, "\(bad)") { _ = try AccountRules.normalizeEmail(bad) }
        }
    }

    @Test func passwordsNeedEightCharacters() throws {
        try AccountRules.validatePassword("12345678")
        let error = #expect(throws: APIError.self) { try AccountRules.validatePassword("1234567") }
        #expect(error?.code == .invalidArgument)
    }

    @Test func usernamesFollowNakamasRules() throws {
        try AccountRules.validateUsername("plain space is fine")
        try AccountRules.validateUsername(String(repeating: "u", count: 128))
        for bad in ["", String(repeating: "u", count: 129), "ctrl\u{01}", "brackets[]"] {
            #expect(throws: APIError.self) { try AccountRules.validateUsername(bad) }
        }
    }

    @Test func randomUsernamesAreTenLetters() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let name = AccountRules.randomUsername(using: &generator)
            #expect(name.count == 10)
            #expect(name.allSatisfy { $0.isASCII && $0.isLetter })
        }
    }
}
