import ShoalAuth
import ShoalCore
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalRuntime
import ShoalStore

/// `RuntimeServices` over the node's store and sessions, for one worker: every call uses the worker's
/// own connection, so module code on that worker needs no locks.
package final class ServerRuntimeServices: RuntimeServices {
    private let sessions: SessionIssuer
    private let revocations: RevocationCache
    private let database: () throws -> PGConnection
    /// Pushes notifications module code sends to connected sessions.
    let notificationDelivery: any NotificationDelivery
    package let streams: any RealtimeStreams

    package init(
        sessions: SessionIssuer, revocations: RevocationCache,
        notificationDelivery: any NotificationDelivery = NoLiveNotificationDelivery(),
        streams: any RealtimeStreams = NoRealtimeStreams(),
        database: @escaping () throws -> PGConnection
    ) {
        self.sessions = sessions
        self.revocations = revocations
        self.notificationDelivery = notificationDelivery
        self.streams = streams
        self.database = database
    }

    package func sqlQuery(_ sql: String, _ parameters: [JSON]) throws(RuntimeError) -> [[(column: String, value: JSON)]] {
        let result = try run { try $0.query(sql, parameters.map(ServerRuntimeServices.pgValue)) }
        return result.rows.map { row in
            result.columns.indices.map { index in
                (result.columns[index], ServerRuntimeServices.json(row, index, type: result.columnTypes[index]))
            }
        }
    }

    package func sqlExec(_ sql: String, _ parameters: [JSON]) throws(RuntimeError) -> Int {
        try run { try $0.query(sql, parameters.map(ServerRuntimeServices.pgValue)) }.affectedRows
    }

    package func authenticate(_ kind: IdentityKind, id: String, password: String, username: String, create: Bool)
        throws(RuntimeError) -> (user: UserID, username: String, created: Bool)
    {
        try run { database in
            var identity = IdentityRequest(kind: kind, id: id, password: password)
            let usernameLogin = kind == .email && id.isEmpty && !username.isEmpty
            if !usernameLogin { identity.id = try API.validatedIdentity(identity) }
            let outcome = try AccountAuthenticator(users: UserStore(connection: database))
                .authenticate(identity, username: username, create: create)
            return (outcome.record.id, outcome.record.username, outcome.created)
        }
    }

    package func generateToken(user: UserID, username: String, expiresAt: Int64?, vars: [String: String])
        throws(RuntimeError) -> (token: String, expiresAt: Int64)
    {
        let now = API.unixTime()
        var generator = SystemRandomNumberGenerator()
        let claims = SessionClaims(
            tokenID: TokenID(UUIDValue.random(using: &generator)), userID: user, username: username, vars: vars,
            expiresAt: expiresAt ?? now + sessions.tokenLifetimeSeconds,
            issuedAt: revocations.issueTime(for: user, now: now))
        return (sessions.sessionSigner.sign(claims), claims.expiresAt)
    }

    package func users(ids: [UserID], usernames: [String]) throws(RuntimeError) -> [User] {
        try run { try UserStore(connection: $0).users(ids: ids, usernames: usernames) }
    }

    package func account(_ user: UserID) throws(RuntimeError) -> Account {
        let found = try run { try UserStore(connection: $0).account(id: user) }
        guard let found else { throw RuntimeError(.notFound, "User account not found.") }
        return found
    }

    package func updateAccount(_ user: UserID, _ update: AccountUpdate, metadata: String?) throws(RuntimeError) {
        try run { database in
            if let username = update.username { try AccountRules.validateUsername(username) }
            try UserStore(connection: database).update(id: user, update, metadata: metadata)
        }
    }

    /// Runs `body` with the worker's connection, mapping any failure to the code a client would see.
    func run<T>(_ body: (PGConnection) throws -> T) throws(RuntimeError) -> T {
        do {
            return try body(try database())
        } catch let error as PGError where !error.isConnectionFailure {
            throw RuntimeError(.internal, error.message)
        } catch {
            let apiError = API.apiError(error)
            throw RuntimeError(apiError.code, apiError.message)
        }
    }

    static func pgValue(_ value: JSON) -> PGValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .text(text)
        case .array, .object: return .text(JSONWriter.string(value))
        }
    }

    /// PostgreSQL's text output as the value Lua sees (runtime.md §2.3: timestamps as Unix seconds).
    static func json(_ row: PGRow, _ index: Int, type: UInt32) -> JSON {
        guard !row.isNull(index), let text = row.string(index) else { return .null }
        switch type {
        case 16: return .bool(text == "t")
        case 20, 21, 23, 26: return Int64(text).map(JSON.int) ?? .string(text)
        case 700, 701, 1700: return Double(text).map(JSON.double) ?? .string(text)
        case 17: return .string(String(decoding: row.bytes(index) ?? [], as: UTF8.self))
        case 1082, 1114, 1184: return PostgresTimestamp.unixSeconds(text).map(JSON.int) ?? .string(text)
        default: return .string(text)
        }
    }
}
