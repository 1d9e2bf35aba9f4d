import ShoalCore
import ShoalAuth
import ShoalCrypto
import ShoalJSON
import ShoalLua

extension NakamaLibrary {
    /// Hashes, HMAC, RSA signatures, bcrypt, AES-CFB, random bytes and JWTs (runtime.md §2.3).
    static func crypto() -> [String: LuaHostFunction] {
        func aes(_ name: String, keyLength: Int, encrypt: Bool) -> LuaHostFunction {
            { arguments in
                var input = try arguments.bytes(1)
                let key = try arguments.bytes(2)
                guard key.count == keyLength else {
                    throw fail("bad argument #2 to '\(name)' (expects key \(keyLength) bytes long)")
                }
                do {
                    if encrypt {
                        // Nakama pads the plaintext with spaces to a multiple of 4 and prepends a random IV.
                        while input.count % 4 != 0 { input.append(0x20) }
                        let iv = SecureRandom.bytes(16)
                        return [.string(iv + (try AESCFB.encrypt(input, key: key, iv: iv)))]
                    }
                    guard input.count >= 16 else { throw fail("bad argument #1 to '\(name)' (input too short)") }
                    return [.string(try AESCFB.decrypt(Array(input[16...]), key: key, iv: Array(input[..<16])))]
                } catch let error as AESCFB.CipherError {
                    throw fail("error in \(name): \(error)")
                }
            }
        }
        return [
            "md5_hash": { arguments in [LuaValue(Digest.hex(Digest.md5(try arguments.bytes(1))))] },
            "sha256_hash": { arguments in [LuaValue(Digest.hex(Digest.sha256(try arguments.bytes(1))))] },
            "hmac_sha256_hash": { arguments in
                let key = try arguments.bytes(2)
                guard !key.isEmpty else { throw fail("bad argument #2 to 'hmac_sha256_hash' (expects key)") }
                return [.string(HMAC.sha256(key: key, message: try arguments.bytes(1)))]
            },
            "rsa_sha256_hash": { arguments in
                guard let signature = RSASignature.sha256(try arguments.bytes(1), privateKeyPEM: try arguments.string(2)) else {
                    throw fail("bad argument #2 to 'rsa_sha256_hash' (invalid private key)")
                }
                return [.string(signature)]
            },
            "bcrypt_hash": { arguments in
                do {
                    return [LuaValue(try PasswordHash.hash(try arguments.string(1)))]
                } catch {
                    throw fail("error hashing password: \(error)")
                }
            },
            "bcrypt_compare": { arguments in
                let hash = try arguments.string(1)
                guard hash.hasPrefix("$2") else { throw fail("bad argument #1 to 'bcrypt_compare' (not a bcrypt hash)") }
                return [.bool(PasswordHash.verify(try arguments.string(2), hash: hash))]
            },
            "aes128_encrypt": aes("aes128_encrypt", keyLength: 16, encrypt: true),
            "aes128_decrypt": aes("aes128_decrypt", keyLength: 16, encrypt: false),
            "aes256_encrypt": aes("aes256_encrypt", keyLength: 32, encrypt: true),
            "aes256_decrypt": aes("aes256_decrypt", keyLength: 32, encrypt: false),
            "secure_random_bytes": { arguments in
                let count = try arguments.integer(1)
                guard (1...1000).contains(count) else {
                    throw fail("bad argument #1 to 'secure_random_bytes' (expects a length between 1 and 1000)")
                }
                return [.string(SecureRandom.bytes(Int(count)))]
            },
            "jwt_generate": { arguments in
                let algorithm = try arguments.string(1)
                let key = try arguments.string(2)
                guard case .object(let claims) = try LuaJSON.json(from: .table(try arguments.table(3))) else {
                    throw fail("bad argument #3 to 'jwt_generate' (expects claims table)")
                }
                let header: String
                switch algorithm {
                case "HS256": header = #"{"alg":"HS256","typ":"JWT"}"#
                case "RS256": header = #"{"alg":"RS256","typ":"JWT"}"#
                default: throw fail("bad argument #1 to 'jwt_generate' (unsupported algorithm)")
                }
                let signingInput = Base64.encode(Array(header.utf8), alphabet: .url, padding: false) + "."
                    + Base64.encode(JSONWriter.write(.object(claims)), alphabet: .url, padding: false)
                let signature: [UInt8]
                if algorithm == "HS256" {
                    signature = HMAC.sha256(key: Array(key.utf8), message: Array(signingInput.utf8))
                } else {
                    guard let rsa = RSASignature.sha256(Array(signingInput.utf8), privateKeyPEM: key) else {
                        throw fail("bad argument #2 to 'jwt_generate' (invalid private key)")
                    }
                    signature = rsa
                }
                return [LuaValue(signingInput + "." + Base64.encode(signature, alphabet: .url, padding: false))]
            },
        ]
    }
}
