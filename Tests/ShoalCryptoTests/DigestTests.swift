import Testing
@testable import ShoalCrypto

/// Known-answer tests (FIPS 180 / RFC 1321 / RFC 4231 vectors).
@Suite struct DigestTests {
    @Test func sha256KnownAnswers() {
        #expect(Digest.hex(Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.hex(Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func sha1AndMD5KnownAnswers() {
        #expect(Digest.hex(Digest.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Digest.hex(Digest.md5(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Digest.hex(Digest.md5(Array("{}".utf8))) == "99914b932bd37a50b983c5e7c90ae93b")
    }

    @Test func hmacSHA256RFC4231() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(
            Digest.hex(HMAC.sha256(key: key, message: Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            Digest.hex(HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // An empty key is legal.
        #expect(HMAC.sha256(key: [], message: Array("x".utf8)).count == 32)
    }

    @Test func randomBytesDiffer() {
        let first = SecureRandom.bytes(32)
        #expect(first.count == 32)
        #expect(first != SecureRandom.bytes(32))
    }

    @Test func bcryptSettingAndCrypt() throws {
        let setting = try #require(Bcrypt.setting(cost: 4, salt: [UInt8](repeating: 7, count: 16)))
        #expect(setting.hasPrefix("$2b$04$"))
        let hash = try #require(Bcrypt.crypt("password", setting: setting))
        #expect(Bcrypt.crypt("password", setting: hash) == hash)
        #expect(Bcrypt.crypt("password", setting: "not a setting") == nil)
    }
}
