import ShoalCore

/// Nakama's validation rules for identities, usernames and passwords, as pure functions.
package enum AccountRules {
    /// Device ids: 10–128 bytes, no whitespace or control characters.
    package static func validateDeviceID(_ id: String) throws(APIError) {
        guard !id.isEmpty else { throw APIError(.invalidArgument, "Device ID is required.") }
        guard isIdentifier(id), (10...128).contains(id.utf8.count) else {
            throw APIError(.invalidArgument, "Device ID invalid, must be 10-128 bytes.")
        }
    }

    /// Custom ids: 6–128 bytes, no whitespace or control characters.
    package static func validateCustomID(_ id: String) throws(APIError) {
        guard !id.isEmpty else { throw APIError(.invalidArgument, "Custom ID is required.") }
        guard isIdentifier(id), (6...128).contains(id.utf8.count) else {
            throw APIError(.invalidArgument, "Custom ID invalid, must be 6-128 bytes.")
        }
    }

    /// Emails: 10–255 bytes shaped like `.+@.+\..+`; returned lower-cased.
    package static func normalizeEmail(_ email: String) throws(APIError) -> String {
        guard !email.isEmpty else { throw APIError(.invalidArgument, "Email address is required.") }
        guard isIdentifier(email), looksLikeEmail(email) else {
            throw APIError(.invalidArgument, "Invalid email address format.")
        }
        guard (10...255).contains(email.utf8.count) else {
            throw APIError(.invalidArgument, "Invalid email address, must be 10-255 bytes.")
        }
        return email.lowercased()
    }

    package static func validatePassword(_ password: String) throws(APIError) {
        guard password.count >= 8 else {
            throw APIError(.invalidArgument, "Password must be at least 8 characters long.")
        }
    }

    /// Usernames: 1–128 bytes, no control characters and not containing `[]` (a plain space passes, as in Nakama).
    package static func validateUsername(_ username: String) throws(APIError) {
        guard !username.isEmpty, username.utf8.count <= 128 else {
            throw APIError(.invalidArgument, "Username invalid, must be 1-128 bytes.")
        }
        guard !username.unicodeScalars.contains(where: isControl), !username.contains("[]") else {
            throw APIError(.invalidArgument, "Username invalid, no spaces or control characters allowed.")
        }
    }

    /// A random 10-letter `[a-zA-Z]` username for accounts created without one.
    package static func randomUsername<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String((0..<10).map { _ in letters[Int(generator.next(upperBound: UInt64(letters.count)))] })
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.unicodeScalars.contains { isControl($0) || $0.properties.isWhitespace }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func looksLikeEmail(_ email: String) -> Bool {
        guard let at = email.firstIndex(of: "@"), at != email.startIndex else { return false }
        let domain = email[email.index(after: at)...]
        guard let dot = domain.lastIndex(of: "."), dot != domain.startIndex else { return false }
        return domain.index(after: dot) != domain.endIndex
    }
}
