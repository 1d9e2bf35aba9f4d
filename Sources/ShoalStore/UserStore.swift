import ShoalCore
import ShoalJSON
import ShoalPostgres
import ShoalProtocol

/// The account repository: users and their login identities. Runs on a request worker's connection.
package struct UserStore {
    /// What login needs to know about a user found by one of its identities.
    package struct LoginRecord: Sendable, Equatable {
        package var id: UserID
        package var username: String
        package var isDisabled: Bool
        package var passwordHash: String?

        package init(id: UserID, username: String, isDisabled: Bool, passwordHash: String?) {
            self.id = id
            self.username = username
            self.isDisabled = isDisabled
            self.passwordHash = passwordHash
        }
    }

    private let connection: PGConnection

    package init(connection: PGConnection) { self.connection = connection }

    // MARK: Login

    package func find(_ kind: IdentityKind, id: String) throws -> LoginRecord? {
        let sql: String
        switch kind {
        case .device:
            sql = """
                SELECT u.id, u.username, u.disable_time > 'epoch', NULL::bytea FROM users u
                JOIN user_device d ON d.user_id = u.id WHERE d.id = $1
                """
        case .custom:
            sql = "SELECT id, username, disable_time > 'epoch', NULL::bytea FROM users WHERE custom_id = $1"
        case .email:
            sql = "SELECT id, username, disable_time > 'epoch', password FROM users WHERE email = $1"
        }
        return try connection.query(sql, [.text(id)]).rows.first.map(UserStore.loginRecord)
    }

    package func find(username: String) throws -> LoginRecord? {
        try connection.query(
            "SELECT id, username, disable_time > 'epoch', password FROM users WHERE username = $1",
            [.text(username)]
        ).rows.first.map(UserStore.loginRecord)
    }

    package func find(id: UserID) throws -> LoginRecord? {
        try connection.query(
            "SELECT id, username, disable_time > 'epoch', NULL::bytea FROM users WHERE id = $1",
            [.text(id.description)]
        ).rows.first.map(UserStore.loginRecord)
    }

    /// Creates a user owning the identity in one statement. Throws `duplicate` naming the taken field.
    package func create(id: UserID, username: String, identity: IdentityKind, value: String, passwordHash: String?)
        throws
    {
        let sql: String
        var params: [PGValue] = [.text(id.description), .text(username), .text(value)]
        switch identity {
        case .device:
            sql = """
                WITH created AS (INSERT INTO users (id, username) VALUES ($1, $2) RETURNING id)
                INSERT INTO user_device (id, user_id) SELECT $3, id FROM created
                """
        case .custom:
            sql = "INSERT INTO users (id, username, custom_id) VALUES ($1, $2, $3)"
        case .email:
            sql = "INSERT INTO users (id, username, email, password) VALUES ($1, $2, $3, $4)"
            params.append(passwordHash.map { .bytes(Array($0.utf8)) } ?? .null)
        }
        do {
            try connection.query(sql, params)
        } catch let error as PGError where error.isUniqueViolation {
            throw StoreError(.duplicate(UserStore.field(forConstraint: error.constraint, fallback: identity)))
        }
    }

    // MARK: Profiles

    package func account(id: UserID) throws -> Account? {
        let result = try connection.query(
            """
            SELECT \(UserStore.userColumns), u.wallet::text, COALESCE(u.email, ''), COALESCE(u.custom_id, ''),
                (extract(epoch FROM u.verify_time) * 1000000)::bigint,
                COALESCE((SELECT json_agg(d.id ORDER BY d.id)::text FROM user_device d WHERE d.user_id = u.id), '[]')
            FROM users u WHERE u.id = $1
            """, [.text(id.description)])
        guard let row = result.rows.first else { return nil }
        var account = Account(user: UserStore.user(row))
        let base = UserStore.userColumnCount
        account.wallet = row.string(base) ?? "{}"
        account.email = row.string(base + 1) ?? ""
        account.customID = row.string(base + 2) ?? ""
        if let verify = row.int(base + 3), verify > 0 { account.verifyTime = Timestamp(microseconds: verify) }
        if let devices = row.string(base + 4), case .array(let items)? = try? JSONParser.parse(devices) {
            account.deviceIDs = items.compactMap(\.stringValue)
        }
        return account
    }

    /// Users by ids and usernames, each at most once; unknown ones are skipped. The system user is never listed.
    package func users(ids: [UserID], usernames: [String]) throws -> [User] {
        guard !ids.isEmpty || !usernames.isEmpty else { return [] }
        let idList = "{" + ids.map(\.description).joined(separator: ",") + "}"
        let nameList = UserStore.textArrayLiteral(usernames)
        let result = try connection.query(
            """
            SELECT \(UserStore.userColumns) FROM users u
            WHERE (u.id = ANY($1::uuid[]) OR u.username = ANY($2::text[]))
              AND u.id <> '00000000-0000-0000-0000-000000000000'
            ORDER BY u.username
            """, [.text(idList), .text(nameList)])
        return result.rows.map(UserStore.user)
    }

    /// Applies the present fields of an update; an empty string clears a field (not the username).
    /// `metadata`, when given, must be a JSON object's text (the runtime may set it; clients cannot).
    package func update(id: UserID, _ update: AccountUpdate, metadata: String? = nil) throws {
        var assignments: [String] = []
        var params: [PGValue] = [.text(id.description)]
        func set(_ column: String, _ value: String?, clearable: Bool = true) {
            guard let value else { return }
            params.append(clearable && value.isEmpty ? .null : .text(value))
            assignments.append("\(column) = $\(params.count)")
        }
        set("username", update.username, clearable: false)
        set("display_name", update.displayName)
        set("avatar_url", update.avatarURL)
        set("location", update.location)
        set("timezone", update.timezone)
        if let metadata {
            params.append(.text(metadata))
            assignments.append("metadata = $\(params.count)::jsonb")
        }
        if let lang = update.langTag {
            params.append(.text(lang.isEmpty ? "en" : lang))
            assignments.append("lang_tag = $\(params.count)")
        }
        guard !assignments.isEmpty else { return }
        do {
            let result = try connection.query(
                "UPDATE users SET \(assignments.joined(separator: ", ")), update_time = now() WHERE id = $1",
                params)
            if result.affectedRows == 0 { throw StoreError(.notFound) }
        } catch let error as PGError where error.isUniqueViolation {
            throw StoreError(.duplicate(.username))
        }
    }

    /// Deletes the user (cascading to devices, friend edges, storage…) and records a tombstone; false if there
    /// was no such user.
    @discardableResult
    package func delete(id: UserID) throws -> Bool {
        try connection.transaction { connection in
            // Other users lose their edges to this user with the cascade: keep their edge counts true.
            try connection.query(
                """
                UPDATE users SET edge_count = edge_count - 1, update_time = now()
                WHERE id IN (SELECT source_id FROM user_edge WHERE destination_id = $1) AND edge_count > 0
                """, [.text(id.description)])
            try UserStore.leaveGroups(id, connection)
            let result = try connection.query(
                "DELETE FROM users WHERE id = $1 AND id <> '00000000-0000-0000-0000-000000000000'",
                [.text(id.description)])
            guard result.affectedRows > 0 else { return false }
            try connection.query(
                "INSERT INTO user_tombstone (user_id) VALUES ($1) ON CONFLICT (user_id) DO UPDATE SET create_time = now()",
                [.text(id.description)])
            return true
        }
    }

    /// Groups of a deleted user, as Nakama does: groups where the user is the only superadmin are deleted,
    /// other memberships end (member counts drop), and every group edge of the user goes.
    static func leaveGroups(_ id: UserID, _ connection: PGConnection) throws {
        let user = PGValue.text(id.description)
        let orphaned = try connection.query(
            """
            DELETE FROM groups WHERE id IN (
                SELECT e.source_id FROM group_edge e
                WHERE e.destination_id = $1 AND e.state = 0 AND NOT EXISTS (
                    SELECT 1 FROM group_edge o WHERE o.source_id = e.source_id AND o.state = 0 AND o.destination_id <> $1))
            RETURNING id::text
            """, [user])
        let groups = "{" + orphaned.rows.compactMap { $0.string(0) }.joined(separator: ",") + "}"
        try connection.query(
            "DELETE FROM group_edge WHERE source_id = ANY($1::uuid[]) OR destination_id = ANY($1::uuid[])",
            [.text(groups)])
        try connection.query(
            """
            UPDATE groups SET edge_count = edge_count - 1, update_time = now()
            WHERE id IN (SELECT source_id FROM group_edge WHERE destination_id = $1 AND state <= 2)
            """, [user])
        try connection.query("DELETE FROM group_edge WHERE source_id = $1 OR destination_id = $1", [user])
    }

    // MARK: Link and unlink

    /// Adds an identity to the user. Linking one the user already has is a no-op; another user's → `duplicate`.
    package func link(id: UserID, _ kind: IdentityKind, value: String, passwordHash: String?) throws {
        do {
            switch kind {
            case .device:
                try connection.query(
                    "INSERT INTO user_device (id, user_id) VALUES ($1, $2) ON CONFLICT (user_id, id) DO NOTHING",
                    [.text(value), .text(id.description)])
            case .custom:
                try connection.query(
                    "UPDATE users SET custom_id = $2, update_time = now() WHERE id = $1",
                    [.text(id.description), .text(value)])
            case .email:
                try connection.query(
                    "UPDATE users SET email = $2, password = $3, update_time = now() WHERE id = $1",
                    [.text(id.description), .text(value), passwordHash.map { .bytes(Array($0.utf8)) } ?? .null])
            }
        } catch let error as PGError where error.isUniqueViolation {
            throw StoreError(.duplicate(kind == .device ? .device : UserStore.field(forConstraint: error.constraint, fallback: kind)))
        }
    }

    /// Removes an identity, refusing (`lastIdentity`) when it is missing or is the user's only way to log in.
    package func unlink(id: UserID, _ kind: IdentityKind, value: String) throws {
        // The identity may go only while another one remains: count them inside the same statement.
        let others = """
            (CASE WHEN u.custom_id IS NOT NULL THEN 1 ELSE 0 END
             + CASE WHEN u.email IS NOT NULL THEN 1 ELSE 0 END
             + CASE WHEN u.facebook_id IS NOT NULL THEN 1 ELSE 0 END
             + CASE WHEN u.google_id IS NOT NULL THEN 1 ELSE 0 END
             + CASE WHEN u.gamecenter_id IS NOT NULL THEN 1 ELSE 0 END
             + CASE WHEN u.steam_id IS NOT NULL THEN 1 ELSE 0 END
             + CASE WHEN u.apple_id IS NOT NULL THEN 1 ELSE 0 END
             + CASE WHEN u.facebook_instant_game_id IS NOT NULL THEN 1 ELSE 0 END
             + (SELECT count(*) FROM user_device d WHERE d.user_id = u.id))
            """
        let result = try connection.transaction { connection in
            let sql: String
            switch kind {
            case .device:
                sql = """
                    DELETE FROM user_device WHERE id = $2 AND user_id = $1
                    AND EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND \(others) > 1)
                    """
            case .custom:
                sql = """
                    UPDATE users SET custom_id = NULL, update_time = now() WHERE id = $1 AND custom_id = $2
                    AND EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND \(others) > 1)
                    """
            case .email:
                sql = """
                    UPDATE users SET email = NULL, password = NULL, update_time = now() WHERE id = $1 AND email = $2
                    AND EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND \(others) > 1)
                    """
            }
            return try connection.query(sql, [.text(id.description), .text(value)])
        }
        if result.affectedRows == 0 { throw StoreError(.lastIdentity) }
    }

    // MARK: Row mapping

    static let userColumns = """
        u.id, u.username, COALESCE(u.display_name, ''), COALESCE(u.avatar_url, ''), u.lang_tag,
        COALESCE(u.location, ''), COALESCE(u.timezone, ''), u.metadata::text, COALESCE(u.facebook_id, ''),
        COALESCE(u.google_id, ''), COALESCE(u.gamecenter_id, ''), COALESCE(u.steam_id, ''),
        COALESCE(u.facebook_instant_game_id, ''), COALESCE(u.apple_id, ''), u.edge_count,
        (extract(epoch FROM u.create_time) * 1000000)::bigint, (extract(epoch FROM u.update_time) * 1000000)::bigint
        """
    static let userColumnCount = 17

    static func user(_ row: PGRow) -> User {
        var user = User(id: UserID(row.string(0) ?? "") ?? .system, username: row.string(1) ?? "")
        user.displayName = row.string(2) ?? ""
        user.avatarURL = row.string(3) ?? ""
        user.langTag = row.string(4) ?? "en"
        user.location = row.string(5) ?? ""
        user.timezone = row.string(6) ?? ""
        user.metadata = row.string(7) ?? "{}"
        user.facebookID = row.string(8) ?? ""
        user.googleID = row.string(9) ?? ""
        user.gamecenterID = row.string(10) ?? ""
        user.steamID = row.string(11) ?? ""
        user.facebookInstantGameID = row.string(12) ?? ""
        user.appleID = row.string(13) ?? ""
        user.edgeCount = Int(row.int(14) ?? 0)
        user.createTime = Timestamp(microseconds: row.int(15) ?? 0)
        user.updateTime = Timestamp(microseconds: row.int(16) ?? 0)
        return user
    }

    static func loginRecord(_ row: PGRow) -> LoginRecord {
        LoginRecord(
            id: UserID(row.string(0) ?? "") ?? .system, username: row.string(1) ?? "",
            isDisabled: row.bool(2) ?? false,
            passwordHash: row.bytes(3).map { String(decoding: $0, as: UTF8.self) })
    }

    static func field(forConstraint constraint: String?, fallback: IdentityKind) -> StoreError.Field {
        switch constraint {
        case "users_username_key": return .username
        case "users_email_key": return .email
        case "users_custom_id_key": return .custom
        case "user_device_pkey": return .device
        default:
            switch fallback {
            case .device: return .device
            case .custom: return .custom
            case .email: return .email
            }
        }
    }

    /// A PostgreSQL text[] literal with every element quoted, so any username round-trips.
    static func textArrayLiteral(_ values: [String]) -> String {
        let quoted = values.map { value -> String in
            var escaped = "\""
            for character in value {
                if character == "\"" || character == "\\" { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }
}
