import ShoalCrypto

/// bcrypt password hashing through libxcrypt, compatible with the hashes Nakama's Go code stores (`$2a$`).
///
/// New hashes are `$2b$`; verification accepts `$2a$`, `$2b$` and `$2y$` and refuses every other scheme.
/// As in every bcrypt, only the first 72 bytes of a password count. Slow on purpose (about 2^cost rounds):
/// callers MUST run it on a worker, never on the I/O loop. Thread-safe: each call uses its own heap-allocated
/// `crypt_data`, wiped before it is freed.
package enum PasswordHash {
    private static let acceptedPrefixes = ["$2a$", "$2b$", "$2y$"]

    /// A bcrypt hash of `password` with a salt from the system's secure random generator.
    package static func hash(_ password: String, cost: Int = 10) throws(PasswordHashError) -> String {
        var generator = SystemRandomNumberGenerator()
        return try hash(password, cost: cost, using: &generator)
    }

    /// A bcrypt hash of `password` with a salt drawn from `generator`, which MUST be cryptographically
    /// secure outside tests.
    package static func hash(
        _ password: String, cost: Int = 10, using generator: inout some RandomNumberGenerator
    ) throws(PasswordHashError) -> String {
        guard (4...31).contains(cost) else { throw .invalidCost(cost) }
        guard !password.utf8.contains(0) else { throw .passwordContainsNUL }
        let salt = (0..<16).map { _ in generator.next() as UInt8 }
        guard let settingText = Bcrypt.setting(cost: cost, salt: salt) else { throw .cryptFailed }
        guard let hashed = Bcrypt.crypt(password, setting: settingText) else { throw .cryptFailed }
        return hashed
    }

    /// Whether `password` matches the stored bcrypt `hash`; `false` for any hash that is not bcrypt.
    package static func verify(_ password: String, hash: String) -> Bool {
        guard acceptedPrefixes.contains(where: { hash.hasPrefix($0) }), !password.utf8.contains(0),
              !hash.utf8.contains(0), let computed = Bcrypt.crypt(password, setting: hash) else { return false }
        return ConstantTime.equals(computed.utf8, hash.utf8)
    }
}
