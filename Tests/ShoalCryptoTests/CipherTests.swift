import Testing
@testable import ShoalCrypto

@Suite struct CipherTests {
    /// NIST SP 800-38A F.3.13 (CFB128-AES128.Encrypt), first block.
    @Test func aes128CFBKnownAnswer() throws {
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c")
        let iv = hex("000102030405060708090a0b0c0d0e0f")
        let plaintext = hex("6bc1bee22e409f96e93d7e117393172a")
        let ciphertext = try AESCFB.encrypt(plaintext, key: key, iv: iv)
        #expect(Digest.hex(ciphertext) == "3b3fd92eb72dad20333449f8e83cfb4a")
        #expect(try AESCFB.decrypt(ciphertext, key: key, iv: iv) == plaintext)
    }

    @Test func aes256RoundTripAnyLength() throws {
        let key = SecureRandom.bytes(32)
        let iv = SecureRandom.bytes(16)
        for length in [0, 1, 5, 16, 33, 1000] {
            let plaintext = SecureRandom.bytes(length)
            let ciphertext = try AESCFB.encrypt(plaintext, key: key, iv: iv)
            #expect(ciphertext.count == length)
            #expect(try AESCFB.decrypt(ciphertext, key: key, iv: iv) == plaintext)
        }
    }

    @Test func badKeysAreErrors() {
        #expect(throws: AESCFB.CipherError.self) { _ = try AESCFB.encrypt([1], key: [1, 2, 3], iv: SecureRandom.bytes(16)) }
        #expect(throws: AESCFB.CipherError.self) { _ = try AESCFB.encrypt([1], key: SecureRandom.bytes(16), iv: [1]) }
    }

    /// The expected signature was made with `openssl dgst -sha256 -sign` over the same key and message.
    @Test func rsaSHA256MatchesOpenSSLCommandLine() throws {
        let signature = try #require(RSASignature.sha256(Array("shoal".utf8), privateKeyPEM: Self.testKey))
        #expect(Digest.hex(signature) == "07df32f69b2d68b424a6ca57c03696d36dde6020ce01ccad69c34b9413bcf476a55cd2f935559cc588139de2594d4559afb9522a16fedbebf7ef4148f826cc661e5148617ff8dccbb5eb3b40c8970a94d2976da0ade8d96eb835a9fbaab60a96a8eeccafaf3e575a9e2b322e732550ff19a041a34db70b382c3fa87d54d5098a")
    }

    static let testKey = """
-----BEGIN PRIVATE KEY-----
MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBALFddk0lybqziHDm
PnwmZhyxKuXyvZDLDuFPNrJUEebXIXfXmjqpgKfbARool5LGueJjCM1G4Ej6uAVA
9O/5BTQBrXIWREucH11jfqObD6crbavbqjV3WkMmTtHWencEngy8VcQKzEsjEh/l
7Uv7eqgDB44KGnocy7hWSMNV6tVzAgMBAAECgYEAqsA0pP7tH625fB9dJn59LcAu
cWPotd2XPLfbC4E+HsMbuFk7ZKBMeMyxWfKcQbTJvbXkAmPqhrfAs2YeqGxPYXBC
j0w/qQb7iI1wR60O2dt3eL/IXIynMJPJ1I1ju3dDGIlkemPHevpIZdZ1+m9ghPKI
V24jgvb6uGgB7W+7NckCQQDfXR2e97YTCC27WBQAyyL5IQcEJc24fHAgm56JusVy
B2NJGFCWzdpKw4XXhILY1l1mX9O7CK7uD5MXY6wvKMVtAkEAy0fGQ3Tk8C90ulIg
OhME7n9H2dqX520lgumyAKYxXRmpywYn/qOowylwSfdRa9wNaZQDNDmtsuGGlAH8
dV6aXwJAKeBsUESC51iOMmSWA3wSR4Dwrs9jnWX/I63pcEsK/5DxBWBAo7Veasvz
iO94FK1D/5CRwqwjF9Dls+nk+0Z6lQJBAISz61MYGWhOopYLjOw8hEipoJ8wW2AB
2a4Xn1NbKviLC1P1ReCuuDoHcD1pDacq9TqKHHlYefM/1NoEXenFA2MCQHlki7Gc
KSlZrfe2HVMxT1j8aCrdAK54ZChFny7GM1dzvIltmEl8jL+rxCyAzHqpC+AMK1Qo
ozxNDSXO0kG5/88=
-----END PRIVATE KEY-----
"""

    @Test func rsaSignatureRejectsGarbageKeys() {
        #expect(RSASignature.sha256(Array("x".utf8), privateKeyPEM: "not a key") == nil)
    }

    func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
