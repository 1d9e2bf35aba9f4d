import ShoalCore
import ShoalJSON
import ShoalLua
import ShoalProtocol
import ShoalRuntime

extension NakamaLibrary {
    /// Authentication, tokens, users and accounts (runtime.md §2.4, §2.5).
    static func accounts(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        let services = instance.services
        func authenticate(_ kind: IdentityKind, _ name: String) -> LuaHostFunction {
            { arguments in
                let id = try arguments.string(1)
                var next = 2
                var password = ""
                if kind == .email {
                    password = try arguments.string(2)
                    next = 3
                }
                let username = try arguments.optionalString(next) ?? ""
                let create = try arguments.optionalBool(next + 1) ?? true
                do {
                    let outcome = try services.authenticate(kind, id: id, password: password, username: username, create: create)
                    return [LuaValue(outcome.user.description), LuaValue(outcome.username), .bool(outcome.created)]
                } catch let error as RuntimeError {
                    throw fail("error authenticating: \(error.message)")
                }
            }
        }
        return [
            "authenticate_custom": authenticate(.custom, "authenticate_custom"),
            "authenticate_device": authenticate(.device, "authenticate_device"),
            "authenticate_email": authenticate(.email, "authenticate_email"),
            "authenticate_token_generate": { arguments in
                let user = try userID(arguments, 1, "authenticate_token_generate")
                let username = try arguments.string(2)
                guard !username.isEmpty else {
                    throw fail("bad argument #2 to 'authenticate_token_generate' (expects username)")
                }
                let expiry = try arguments.optionalInteger(3).flatMap { $0 > 0 ? Int64($0) : nil }
                var vars: [String: String] = [:]
                if case .table(let table) = arguments.value(4) {
                    for (key, value) in table.hash {
                        guard let name = key.stringValue, let text = value.stringValue else {
                            throw fail("bad argument #4 to 'authenticate_token_generate' (vars must be strings)")
                        }
                        vars[name] = text
                    }
                }
                do {
                    let token = try services.generateToken(user: user, username: username, expiresAt: expiry, vars: vars)
                    return [LuaValue(token.token), .number(Double(token.expiresAt))]
                } catch let error as RuntimeError {
                    throw fail("error generating token: \(error.message)")
                }
            },
            "users_get_id": { arguments in
                let ids = try stringList(arguments, 1, "users_get_id").map { text in
                    guard let id = UserID(text) else { throw fail("bad argument #1 to 'users_get_id' (invalid user id)") }
                    return id
                }
                return [try usersTable(services.users(ids: ids, usernames: []))]
            },
            "users_get_username": { arguments in
                [try usersTable(services.users(ids: [], usernames: try stringList(arguments, 1, "users_get_username")))]
            },
            "account_get_id": { arguments in
                let user = try userID(arguments, 1, "account_get_id")
                do {
                    let account = try services.account(user)
                    var object = JSONObject()
                    object["user"] = userJSON(account.user)
                    object["wallet"] = (try? JSONParser.parse(account.wallet)) ?? .object(JSONObject())
                    object["email"] = account.email.isEmpty ? nil : .string(account.email)
                    object["devices"] = .array(account.deviceIDs.map { .object(JSONObject([("id", .string($0))])) })
                    object["custom_id"] = account.customID.isEmpty ? nil : .string(account.customID)
                    object["verify_time"] = account.verifyTime.map { .int($0.seconds) }
                    return [LuaJSON.luaValue(from: .object(object))]
                } catch let error as RuntimeError {
                    throw fail("failed to get account for user_id \(user): \(error.message)")
                }
            },
            "account_update_id": { arguments in
                let user = try userID(arguments, 1, "account_update_id")
                var metadata: String?
                if case .table(let table) = arguments.value(2) {
                    metadata = JSONWriter.string(try LuaJSON.json(from: .table(table)))
                }
                var update = AccountUpdate()
                update.username = try arguments.optionalString(3)
                update.displayName = try arguments.optionalString(4)
                update.timezone = try arguments.optionalString(5)
                update.location = try arguments.optionalString(6)
                update.langTag = try arguments.optionalString(7)
                update.avatarURL = try arguments.optionalString(8)
                do {
                    try services.updateAccount(user, update, metadata: metadata)
                } catch let error as RuntimeError {
                    throw fail("error while trying to update user: \(error.message)")
                }
                return []
            },
            "event": { arguments in
                let name = try arguments.string(1)
                guard !name.isEmpty else { throw fail("bad argument #1 to 'event' (expects name)") }
                if let timestamp = try arguments.optionalInteger(3), timestamp == 0 {
                    throw fail("bad argument #3 to 'event' (expects timestamp > 0)")
                }
                // Lua modules cannot register event handlers; with no native handler the event is dropped.
                return []
            },
        ]
    }

    static func userID(_ arguments: LuaArguments, _ index: Int, _ name: String) throws -> UserID {
        guard let id = UserID(try arguments.string(index)) else {
            throw fail("bad argument #\(index) to '\(name)' (invalid user id)")
        }
        return id
    }

    static func stringList(_ arguments: LuaArguments, _ index: Int, _ name: String) throws -> [String] {
        let table = try arguments.table(index)
        return try table.array.map { value in
            guard let text = value.stringValue else { throw fail("bad argument #\(index) to '\(name)' (expects strings)") }
            return text
        }
    }

    /// A user as Nakama's Lua runtime shows it: `user_id`, metadata as a table, times as Unix seconds.
    static func userJSON(_ user: User) -> JSON {
        var object = JSONObject()
        object["user_id"] = .string(user.id.description)
        object["username"] = .string(user.username)
        object["display_name"] = .string(user.displayName)
        object["avatar_url"] = .string(user.avatarURL)
        object["lang_tag"] = .string(user.langTag)
        object["location"] = .string(user.location)
        object["timezone"] = .string(user.timezone)
        object["metadata"] = (try? JSONParser.parse(user.metadata)) ?? .object(JSONObject())
        object["facebook_id"] = .string(user.facebookID)
        object["google_id"] = .string(user.googleID)
        object["gamecenter_id"] = .string(user.gamecenterID)
        object["steam_id"] = .string(user.steamID)
        object["apple_id"] = .string(user.appleID)
        object["facebook_instant_game_id"] = .string(user.facebookInstantGameID)
        object["online"] = .bool(user.online)
        object["edge_count"] = .int(Int64(user.edgeCount))
        object["create_time"] = .int(user.createTime.seconds)
        object["update_time"] = .int(user.updateTime.seconds)
        return .object(object)
    }

    static func usersTable(_ users: @autoclosure () throws -> [User]) throws -> LuaValue {
        do {
            return LuaJSON.luaValue(from: .array(try users().map(userJSON)))
        } catch let error as RuntimeError {
            throw fail("failed to get users: \(error.message)")
        }
    }
}
