import CLibCrypto

/// Message digests through OpenSSL's libcrypto (already loaded by libpq), so the node needs no Swift
/// crypto package and no Foundation. MD5 (storage versions) and SHA-1 (WebSocket handshake) are here for
/// protocol compatibility only, never for security.
package enum Digest {
    package static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] { digest(bytes, EVP_sha256()) }
    package static func sha1(_ bytes: some Collection<UInt8>) -> [UInt8] { digest(bytes, EVP_sha1()) }
    package static func md5(_ bytes: some Collection<UInt8>) -> [UInt8] { digest(bytes, EVP_md5()) }

    /// Lowercase hexadecimal, as Nakama prints storage versions.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func digest(_ bytes: some Collection<UInt8>, _ type: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let contiguous = Array(bytes)
        let status = contiguous.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &output, &length, type, nil)
        }
        precondition(status == 1, "EVP_Digest failed")
        return Array(output.prefix(Int(length)))
    }
}

/// Keyed hashes for token signatures.
package enum HMAC {
    package static func sha256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        let key = Array(key)
        let message = Array(message)
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                CLibCrypto.HMAC(
                    EVP_sha256(), keyBytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(keyBytes.count),
                    messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count, &output, &length)
            }
        }
        precondition(result != nil, "HMAC failed")
        return Array(output.prefix(Int(length)))
    }
}

/// Cryptographically secure random bytes (salts, token ids).
package enum SecureRandom {
    package static func bytes(_ count: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        precondition(RAND_bytes(&output, Int32(count)) == 1, "RAND_bytes failed")
        return output
    }
}
