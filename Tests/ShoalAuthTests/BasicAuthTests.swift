import ShoalCore
import Testing
@testable import ShoalAuth

@Suite struct BasicAuthTests {
    static func header(_ credentials: String, scheme: String = "Basic") -> String {
        scheme + " " + Base64.encode(Array(credentials.utf8))
    }

    @Test func returnsThePartBeforeTheFirstColon() {
        #expect(BasicAuth.username(fromHeader: Self.header("defaultkey:")) == "defaultkey")
        #expect(BasicAuth.username(fromHeader: Self.header("key:secret")) == "key")
        #expect(BasicAuth.username(fromHeader: Self.header("key:a:b")) == "key")
        #expect(BasicAuth.username(fromHeader: Self.header(":password")) == "")
        #expect(BasicAuth.username(fromHeader: Self.header("clé:")) == "clé")
    }

    @Test func schemeIsCaseInsensitiveAndSpacingTolerated() {
        #expect(BasicAuth.username(fromHeader: Self.header("k:", scheme: "basic")) == "k")
        #expect(BasicAuth.username(fromHeader: Self.header("k:", scheme: "BASIC")) == "k")
        #expect(BasicAuth.username(fromHeader: "  Basic   " + Base64.encode(Array("k:".utf8)) + " ") == "k")
    }

    @Test func acceptsURLAlphabetAndMissingPadding() {
        let bytes = Array("k?>:".utf8)
        #expect(BasicAuth.username(fromHeader: "Basic " + Base64.encode(bytes, alphabet: .url, padding: false)) == "k?>")
    }

    @Test func rejectsAnythingElse() {
        let rejected = [
            "", "Basic", "Basic ", "Basic  ", Self.header("nocolon"), Self.header("k:", scheme: "Bearer"),
            Self.header("k:", scheme: "Basics"), "Basic !!!!", "Basic Zg=", "BasicZGVmYXVsdGtleTo=",
            "Basic " + Base64.encode([0xFF, 0xFE, 0x3A]),
        ]
        for value in rejected {
            #expect(BasicAuth.username(fromHeader: value) == nil, "\(value)")
        }
    }
}
