import CLibCrypto

/// AES in CFB-128 mode, as Nakama's `aes128_encrypt`/`aes256_encrypt` use it (Go's `cipher.NewCFBEncrypter`).
package enum AESCFB {
    package struct CipherError: Error, Sendable, Equatable, CustomStringConvertible {
        package var description: String
    }

    /// Encrypts with `key` (16 or 32 bytes) and `iv` (16 bytes).
    package static func encrypt(_ plaintext: [UInt8], key: [UInt8], iv: [UInt8]) throws(CipherError) -> [UInt8] {
        try run(plaintext, key: key, iv: iv, encrypt: true)
    }

    package static func decrypt(_ ciphertext: [UInt8], key: [UInt8], iv: [UInt8]) throws(CipherError) -> [UInt8] {
        try run(ciphertext, key: key, iv: iv, encrypt: false)
    }

    private static func run(_ input: [UInt8], key: [UInt8], iv: [UInt8], encrypt: Bool) throws(CipherError) -> [UInt8] {
        let cipher: OpaquePointer?
        switch key.count {
        case 16: cipher = EVP_aes_128_cfb128()
        case 32: cipher = EVP_aes_256_cfb128()
        default: throw CipherError(description: "key must be 16 or 32 bytes, got \(key.count)")
        }
        guard iv.count == 16 else { throw CipherError(description: "iv must be 16 bytes") }
        guard let context = EVP_CIPHER_CTX_new() else { throw CipherError(description: "cipher context allocation failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex(context, cipher, nil, key, iv, encrypt ? 1 : 0) == 1 else {
            throw CipherError(description: "cipher initialisation failed")
        }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let ok = input.withUnsafeBufferPointer { inputBytes in
            output.withUnsafeMutableBufferPointer { outputBytes in
                EVP_CipherUpdate(context, outputBytes.baseAddress, &written, inputBytes.baseAddress, Int32(input.count)) == 1
                    && EVP_CipherFinal_ex(context, outputBytes.baseAddress! + Int(written), &finalWritten) == 1
            }
        }
        guard ok else { throw CipherError(description: "cipher operation failed") }
        return Array(output.prefix(Int(written + finalWritten)))
    }
}

/// RSASSA-PKCS1-v1_5 with SHA-256 (`rsa_sha256_hash`, RS256 JWTs) from a PEM private key.
package enum RSASignature {
    package static func sha256(_ message: [UInt8], privateKeyPEM: String) -> [UInt8]? {
        let pem = Array(privateKeyPEM.utf8)
        guard let bio = pem.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }) else { return nil }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { return nil }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { return nil }
        var length = 0
        let sized = message.withUnsafeBufferPointer {
            EVP_DigestSign(context, nil, &length, $0.baseAddress, $0.count) == 1
        }
        guard sized else { return nil }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = message.withUnsafeBufferPointer { input in
            signature.withUnsafeMutableBufferPointer { output in
                EVP_DigestSign(context, output.baseAddress, &length, input.baseAddress, input.count) == 1
            }
        }
        return signed ? Array(signature.prefix(length)) : nil
    }
}
