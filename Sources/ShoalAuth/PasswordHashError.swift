/// Why a password could not be hashed; `ShoalAPI` answers these as internal or invalid-argument errors.
package enum PasswordHashError: Error, Equatable, Sendable {
    /// bcrypt's cost must be within 4...31.
    case invalidCost(Int)
    /// A NUL byte would silently cut the password short in the C API.
    case passwordContainsNUL
    /// libcrypt refused to produce a salt or a hash.
    case cryptFailed
}
