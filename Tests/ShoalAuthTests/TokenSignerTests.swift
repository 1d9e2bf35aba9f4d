import ShoalCore
import ShoalJSON
import Testing
@testable import ShoalAuth

@Suite struct TokenSignerTests {
    static let key = "defaultencryptionkey"
    static let signer = TokenSigner(key: key)
    static let claims = SessionClaims(
        tokenID: TokenID("9e9cdc9f-5d7e-4c5b-8f4c-3f1d8e2b6a11")!,
        userID: UserID("4a2f8c1e-7b3d-4e9a-a1c2-5d6e7f809102")!,
        username: "alice", vars: ["tier": "gold", "lang": "fr"], expiresAt: 1_900_000_000, issuedAt: 1_700_000_000)

    /// Computed independently with Python's hmac, hashlib and base64 from the claims above, compact JSON.
    static let referenceToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0aWQiOiI5ZTljZGM5Zi01ZDdlLTRjNWItOGY0Yy0zZjFkOGUyYjZhMTEiLCJ1aWQiOiI0YTJmOGMxZS03YjNkLTRlOWEtYTFjMi01ZDZlN2Y4MDkxMDIiLCJ1c24iOiJhbGljZSIsInZycyI6eyJsYW5nIjoiZnIiLCJ0aWVyIjoiZ29sZCJ9LCJleHAiOjE5MDAwMDAwMDAsImlhdCI6MTcwMDAwMDAwMH0.-f0tvv3HH5XrcH48a0i1fvbfD59UZ_1vpV1AcsiiKJg"
    /// The same claims serialized by Python's `json.dumps` with its default spaced separators.
    static let spacedReferenceToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0aWQiOiAiOWU5Y2RjOWYtNWQ3ZS00YzViLThmNGMtM2YxZDhlMmI2YTExIiwgInVpZCI6ICI0YTJmOGMxZS03YjNkLTRlOWEtYTFjMi01ZDZlN2Y4MDkxMDIiLCAidXNuIjogImFsaWNlIiwgInZycyI6IHsibGFuZyI6ICJmciIsICJ0aWVyIjogImdvbGQifSwgImV4cCI6IDE5MDAwMDAwMDAsICJpYXQiOiAxNzAwMDAwMDAwfQ.jQgEyS_aMK2AOt7_hwJNOSed1GxlgQmiY6dMW3p4qYA"
    /// A matchmaker token `{"mid":"<uuid>.","exp":1900000030}` from the same reference implementation.
    static let referenceMatchmakerToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtaWQiOiIwYjdmMWE0ZS0yYzNkLTRlNWYtOGE5Yi0wYzFkMmUzZjRhNWIuIiwiZXhwIjoxOTAwMDAwMDMwfQ.PNL_ftlfu8d2OLPKVMDYIYNi_byV4doDu5loDi7rAZQ"
    static let now: Int64 = 1_800_000_000

    static func segments(_ token: String) -> [String] {
        token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    static func encode(_ json: JSON) -> String {
        Base64.encode(JSONWriter.write(json), alphabet: .url, padding: false)
    }

    @Test func signProducesTheReferenceToken() {
        #expect(Self.signer.sign(Self.claims) == Self.referenceToken)
    }

    @Test func verifiesReferenceTokens() throws {
        #expect(try Self.signer.verify(Self.referenceToken, now: Self.now) == Self.claims)
        #expect(try Self.signer.verify(Self.spacedReferenceToken, now: Self.now) == Self.claims)
    }

    @Test func verifiesReferenceMatchmakerToken() throws {
        let claims = try Self.signer.verifyClaims(Self.referenceMatchmakerToken, now: Self.now)
        #expect(claims["mid"] == "0b7f1a4e-2c3d-4e5f-8a9b-0c1d2e3f4a5b.")
        #expect(claims["exp"] == 1_900_000_030)
    }

    @Test func roundTripsClaimsAndOmitsEmptyOnes() throws {
        var claims = Self.claims
        claims.username = ""
        claims.vars = [:]
        claims.issuedAt = 0
        let token = Self.signer.sign(claims)
        #expect(try Self.signer.verify(token, now: Self.now) == claims)
        let payload = try JSONParser.parse(Base64.decode(Self.segments(token)[1])!)
        #expect(payload.objectValue?.keys == ["tid", "uid", "exp"])
    }

    @Test func varsRoundTripWithUnicodeAndQuotes() throws {
        var claims = Self.claims
        claims.vars = ["quote": "a\"b", "emoji": "😀", "empty": "", "key with space": "v/w"]
        #expect(try Self.signer.verify(Self.signer.sign(claims), now: Self.now).vars == claims.vars)
    }

    @Test func arbitraryClaimsRoundTripInOrder() throws {
        let claims: JSONObject = [("mid", "abc."), ("exp", 1_900_000_000), ("extra", ["n": 1])]
        let verified = try Self.signer.verifyClaims(Self.signer.sign(claims: claims), now: Self.now)
        #expect(verified == claims)
        #expect(verified.keys == ["mid", "exp", "extra"])
    }

    @Test func expiryIsExclusive() throws {
        var claims = Self.claims
        claims.expiresAt = Self.now + 1
        let token = Self.signer.sign(claims)
        #expect(try Self.signer.verify(token, now: Self.now).expiresAt == Self.now + 1)
        #expect(throws: TokenError.expired) { try Self.signer.verify(token, now: Self.now + 1) }
        #expect(throws: TokenError.expired) { try Self.signer.verifyClaims(token, now: Self.now + 1000) }
    }

    @Test func wrongKeyIsBadSignature() {
        #expect(throws: TokenError.badSignature) {
            try TokenSigner(key: "otherkey").verify(Self.referenceToken, now: Self.now)
        }
    }

    @Test func tamperedPayloadIsBadSignature() {
        let parts = Self.segments(Self.referenceToken)
        var payload = try! JSONParser.parse(Base64.decode(parts[1])!).objectValue!
        payload["uid"] = "00000000-0000-4000-8000-000000000001"
        let forged = [parts[0], Self.encode(.object(payload)), parts[2]].joined(separator: ".")
        #expect(throws: TokenError.badSignature) { try Self.signer.verify(forged, now: Self.now) }
    }

    @Test func tamperedSignatureIsBadSignature() {
        var parts = Self.segments(Self.referenceToken)
        parts[2] = (parts[2].first == "A" ? "B" : "A") + parts[2].dropFirst()
        #expect(throws: TokenError.badSignature) {
            try Self.signer.verify(parts.joined(separator: "."), now: Self.now)
        }
        parts[2] = ""
        #expect(throws: TokenError.badSignature) {
            try Self.signer.verify(parts.joined(separator: "."), now: Self.now)
        }
    }

    @Test func otherAlgorithmsAreRefused() {
        let parts = Self.segments(Self.referenceToken)
        for algorithm in ["none", "None", "HS512", "RS256", "hs256"] {
            let header = Self.encode(.object([("alg", .string(algorithm)), ("typ", "JWT")]))
            for signature in ["", parts[2]] {
                let token = [header, parts[1], signature].joined(separator: ".")
                #expect(throws: TokenError.badSignature) { try Self.signer.verify(token, now: Self.now) }
            }
        }
    }

    @Test func missingOrNonNumericExpIsInvalidClaims() {
        let base: JSONObject = [("tid", "9e9cdc9f-5d7e-4c5b-8f4c-3f1d8e2b6a11"), ("uid", "4a2f8c1e-7b3d-4e9a-a1c2-5d6e7f809102")]
        #expect(throws: TokenError.invalidClaims) { try Self.signer.verify(Self.signer.sign(claims: base), now: Self.now) }
        #expect(throws: TokenError.invalidClaims) {
            try Self.signer.verifyClaims(Self.signer.sign(claims: [("mid", "x.")]), now: Self.now)
        }
        var stringExp = base
        stringExp["exp"] = "1900000000"
        #expect(throws: TokenError.invalidClaims) {
            try Self.signer.verify(Self.signer.sign(claims: stringExp), now: Self.now)
        }
    }

    @Test func badSessionClaimsAreInvalidClaims() {
        let valid: JSONObject = [
            ("tid", "9e9cdc9f-5d7e-4c5b-8f4c-3f1d8e2b6a11"), ("uid", "4a2f8c1e-7b3d-4e9a-a1c2-5d6e7f809102"),
            ("exp", 1_900_000_000),
        ]
        #expect(throws: Never.self) { try Self.signer.verify(Self.signer.sign(claims: valid), now: Self.now) }
        let breakages: [(String, JSON?)] = [
            ("uid", "not-a-uuid"), ("uid", nil), ("uid", 5), ("tid", "nope"), ("tid", nil),
            ("usn", 7), ("vrs", "x"), ("vrs", ["k": 1]), ("iat", "yesterday"),
        ]
        for (name, value) in breakages {
            var claims = valid
            claims[name] = value
            #expect(throws: TokenError.invalidClaims) {
                try Self.signer.verify(Self.signer.sign(claims: claims), now: Self.now)
            }
        }
    }

    @Test func garbageIsMalformed() {
        let parts = Self.segments(Self.referenceToken)
        let garbage = [
            "", ".", "..", "...", "abc", "a.b", "a.b.c", "a.b.c.d",
            parts[0] + "." + parts[1],
            Self.referenceToken + "." + parts[2],
            "!!!." + parts[1] + "." + parts[2],
            Self.encode("not an object") + "." + parts[1] + "." + parts[2],
            Self.encode(.object([("typ", "JWT")])) + "." + parts[1] + "." + parts[2],
            parts[0] + "." + parts[1] + ".***",
        ]
        for token in garbage {
            #expect(throws: TokenError.malformed, "\(token)") { try Self.signer.verify(token, now: Self.now) }
        }
    }
}
