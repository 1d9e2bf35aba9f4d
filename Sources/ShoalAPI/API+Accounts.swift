import ShoalAuth
import ShoalCore
import ShoalJSON
import ShoalProtocol
import ShoalStore

/// Authentication, sessions, accounts and users (Nakama's api_authenticate/api_account/api_session/api_user).
extension API {
    static var accountRoutes: [Route] {
        let whole = RequestMapping(body: .whole)
        var routes: [Route] = [
            Route("GET", "/healthcheck", name: "Healthcheck", auth: .none) { _, _ in nil },
            Route("POST", "/v2/account/session/refresh", name: "SessionRefresh", auth: .serverKey, mapping: whole) {
                try $0.refreshSession(&$1)
            },
            Route("POST", "/v2/session/logout", name: "SessionLogout", auth: .session, mapping: whole) {
                try $0.logout(&$1)
            },
            Route("GET", "/v2/account", name: "GetAccount", auth: .session) { try $0.getAccount(&$1) },
            Route("PUT", "/v2/account", name: "UpdateAccount", auth: .session, mapping: whole) {
                try $0.updateAccount(&$1)
            },
            Route("DELETE", "/v2/account", name: "DeleteAccount", auth: .session) { try $0.deleteAccount(&$1) },
            Route(
                "GET", "/v2/user", name: "GetUsers", auth: .session,
                mapping: RequestMapping(query: [("ids", .strings), ("usernames", .strings), ("facebook_ids", .strings)])
            ) { try $0.getUsers(&$1) },
        ]
        let authenticate = RequestMapping(body: .field("account"), query: [("create", .bool), ("username", .string)])
        for kind in IdentityKind.allCases {
            let title = kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
            routes.append(
                Route(
                    "POST", "/v2/account/authenticate/\(kind.rawValue)", name: "Authenticate\(title)", auth: .serverKey,
                    mapping: authenticate
                ) { try $0.authenticate(kind, &$1) })
            routes.append(
                Route("POST", "/v2/account/link/\(kind.rawValue)", name: "Link\(title)", auth: .session, mapping: whole) {
                    try $0.link(kind, &$1)
                })
            routes.append(
                Route("POST", "/v2/account/unlink/\(kind.rawValue)", name: "Unlink\(title)", auth: .session, mapping: whole) {
                    try $0.unlink(kind, &$1)
                })
        }
        return routes
    }

    // MARK: Authenticate

    func authenticate(_ kind: IdentityKind, _ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        var identity = try IdentityRequest.decode(kind, from: message.nested("account") ?? WireInput(JSONObject()))
        let create = try message.bool("create") ?? true
        let username = try message.string("username") ?? ""
        let usernameLogin = kind == .email && identity.id.isEmpty && !username.isEmpty
        if !usernameLogin { identity.id = try API.validatedIdentity(identity) }
        let outcome = try AccountAuthenticator(users: UserStore(connection: context.database))
            .authenticate(identity, username: username, create: create)
        return try issue(outcome.record, vars: identity.vars, created: outcome.created, context: context)
    }

    func issue(_ record: UserStore.LoginRecord, vars: [String: String], created: Bool, context: RequestContext) throws
        -> JSON
    {
        var generator = SystemRandomNumberGenerator()
        let tokenID = TokenID(UUIDValue.random(using: &generator))
        let issuedAt = revocations.issueTime(for: record.id, now: context.now)
        return sessions.issue(
            user: record.id, username: record.username, vars: vars, tokenID: tokenID, issuedAt: issuedAt,
            now: context.now, created: created
        ).json
    }

    // MARK: Sessions

    func refreshSession(_ context: inout RequestContext) throws -> JSON? {
        let request = try SessionRefreshRequest.decode(from: context.message)
        guard !request.token.isEmpty else { throw APIError(.invalidArgument, "Refresh token is required.") }
        let invalid = APIError(.unauthenticated, "Refresh token invalid or expired.")
        guard let claims = try? sessions.refreshSigner.verify(request.token, now: context.now),
            revocations.isValid(claims)
        else { throw invalid }
        guard let record = try UserStore(connection: context.database).find(id: claims.userID) else {
            throw APIError(.notFound, "User account not found.")
        }
        if record.isDisabled { throw APIError(.permissionDenied, "User account banned.") }
        return sessions.issue(
            user: claims.userID, username: record.username, vars: request.vars ?? claims.vars,
            tokenID: claims.tokenID, issuedAt: claims.issuedAt, now: context.now, created: false
        ).json
    }

    func logout(_ context: inout RequestContext) throws -> JSON? {
        let request = try SessionLogoutRequest.decode(from: context.message)
        let user = try context.userID
        let store = SessionStore(connection: context.database)
        var changes: [SessionStore.Change] = []
        if request.token.isEmpty && request.refreshToken.isEmpty {
            let floor = try store.revokeAll(user: user, notBefore: context.now)
            changes.append(.userFloor(user, notBefore: floor))
        }
        for (token, signer, message) in [
            (request.token, sessions.sessionSigner, "Session token invalid."),
            (request.refreshToken, sessions.refreshSigner, "Refresh token invalid."),
        ] where !token.isEmpty {
            // Expired tokens may still be logged out; only signature and ownership matter.
            guard let claims = try? signer.verify(token, now: .min), claims.userID == user else {
                throw APIError(.invalidArgument, message)
            }
            try store.revoke(token: claims.tokenID, user: user, expiresAt: claims.expiresAt)
            changes.append(.tokenRevoked(claims.tokenID, expiresAt: claims.expiresAt))
        }
        revocations.record(changes)
        return nil
    }

    // MARK: Account

    func getAccount(_ context: inout RequestContext) throws -> JSON? {
        guard var account = try UserStore(connection: context.database).account(id: try context.userID) else {
            throw APIError(.notFound, "User account not found.")
        }
        account.user.online = onlineUsers.contains(account.user.id)
        return account.json
    }

    func updateAccount(_ context: inout RequestContext) throws -> JSON? {
        let update = try AccountUpdate.decode(from: context.message)
        guard !update.isEmpty else { throw APIError(.invalidArgument, "No fields to update.") }
        if let username = update.username { try AccountRules.validateUsername(username) }
        do {
            try UserStore(connection: context.database).update(id: try context.userID, update)
        } catch let error as StoreError where error.code == .duplicate(.username) {
            throw APIError(.invalidArgument, "Username is already in use.")
        }
        return nil
    }

    func deleteAccount(_ context: inout RequestContext) throws -> JSON? {
        let user = try context.userID
        try UserStore(connection: context.database).delete(id: user)
        let floor = try SessionStore(connection: context.database).revokeAll(user: user, notBefore: context.now)
        revocations.record([.userFloor(user, notBefore: floor)])
        return nil
    }

    func link(_ kind: IdentityKind, _ context: inout RequestContext) throws -> JSON? {
        var identity = try IdentityRequest.decode(kind, from: context.message)
        identity.id = try API.validatedIdentity(identity)
        var passwordHash: String?
        if kind == .email {
            try AccountRules.validatePassword(identity.password)
            passwordHash = try PasswordHash.hash(identity.password)
        }
        try UserStore(connection: context.database).link(
            id: try context.userID, kind, value: identity.id, passwordHash: passwordHash)
        return nil
    }

    func unlink(_ kind: IdentityKind, _ context: inout RequestContext) throws -> JSON? {
        var identity = try IdentityRequest.decode(kind, from: context.message)
        identity.id = try API.validatedIdentity(identity)
        try UserStore(connection: context.database).unlink(id: try context.userID, kind, value: identity.id)
        return nil
    }

    // MARK: Users

    func getUsers(_ context: inout RequestContext) throws -> JSON? {
        var ids: [UserID] = []
        for text in try context.message.strings("ids") {
            guard let id = UserID(text) else { throw APIError(.invalidArgument, "ID '\(text)' is not a valid system ID.") }
            ids.append(id)
        }
        let usernames = try context.message.strings("usernames").filter { !$0.isEmpty }
        var users = try UserStore(connection: context.database).users(ids: ids, usernames: usernames)
        for index in users.indices { users[index].online = onlineUsers.contains(users[index].id) }
        var out = WireObject()
        out.list("users", users.map(\.json))
        return out.json
    }

    // MARK: Helpers

    static func validatedIdentity(_ identity: IdentityRequest) throws(APIError) -> String {
        switch identity.kind {
        case .device:
            try AccountRules.validateDeviceID(identity.id)
            return identity.id
        case .custom:
            try AccountRules.validateCustomID(identity.id)
            return identity.id
        case .email:
            return try AccountRules.normalizeEmail(identity.id)
        }
    }
}
