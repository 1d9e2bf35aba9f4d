import ShoalAuth
import ShoalCore
import ShoalProtocol
import ShoalStore

/// Finds or creates the account behind an identity: the one login flow shared by the REST authenticate
/// routes and the runtime's `authenticate_*` functions. Runs on a worker (bcrypt, SQL).
struct AccountAuthenticator {
    let users: UserStore

    /// The logged-in user and whether the account was created. `identity.id` must already be validated,
    /// except for the email kind's username-and-password login (empty email, non-empty `username`).
    func authenticate(_ identity: IdentityRequest, username requestedUsername: String, create: Bool) throws
        -> (record: UserStore.LoginRecord, created: Bool)
    {
        let kind = identity.kind
        if kind == .email && identity.id.isEmpty && !requestedUsername.isEmpty {
            // Username and password login: never creates an account.
            try AccountRules.validatePassword(identity.password)
            guard let record = try users.find(username: requestedUsername) else {
                throw APIError(.notFound, "User account not found.")
            }
            return (try checked(record, password: identity.password, kind: kind), false)
        }
        if kind == .email { try AccountRules.validatePassword(identity.password) }
        if let record = try users.find(kind, id: identity.id) {
            return (try checked(record, password: identity.password, kind: kind), false)
        }
        guard create else { throw APIError(.notFound, "User account not found.") }
        if !requestedUsername.isEmpty { try AccountRules.validateUsername(requestedUsername) }
        let passwordHash = kind == .email ? try PasswordHash.hash(identity.password) : nil

        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<5 {
            let userID = UserID(UUIDValue.random(using: &generator))
            let username = requestedUsername.isEmpty ? AccountRules.randomUsername(using: &generator) : requestedUsername
            do {
                try users.create(id: userID, username: username, identity: kind, value: identity.id, passwordHash: passwordHash)
                return (UserStore.LoginRecord(id: userID, username: username, isDisabled: false, passwordHash: nil), true)
            } catch let error as StoreError where error.code == .duplicate(.username) {
                if !requestedUsername.isEmpty || attempt == 4 { throw error }
            } catch let error as StoreError {
                // Another request created this identity concurrently: log in to that account instead.
                guard let record = try users.find(kind, id: identity.id) else { throw error }
                return (try checked(record, password: identity.password, kind: kind), false)
            }
        }
        throw APIError(.internal, "Could not allocate a username.")
    }

    /// Refuses banned accounts and, for email logins, a wrong password.
    private func checked(_ record: UserStore.LoginRecord, password: String, kind: IdentityKind) throws -> UserStore.LoginRecord {
        if kind == .email {
            guard let hash = record.passwordHash, PasswordHash.verify(password, hash: hash) else {
                throw APIError(.unauthenticated, "Invalid credentials.")
            }
        }
        if record.isDisabled { throw APIError(.permissionDenied, "User account banned.") }
        return record
    }
}
