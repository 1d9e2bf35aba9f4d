import ShoalCore
import ShoalJSON
import ShoalLua
import ShoalProtocol
import ShoalRuntime

extension NakamaLibrary {
    /// Friends, notifications and chat history (runtime.md §2.10, §2.11).
    static func social(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        let services = instance.services
        /// `friends_add/delete/block(user_id, username, ids?, usernames?[, metadata?])`.
        func friendChange(
            _ name: String, _ verb: String,
            _ call: @escaping (UserID, String, [String], [String], LuaArguments) throws -> Void
        ) -> LuaHostFunction {
            { arguments in
                let user = try userID(arguments, 1, name)
                let username = try arguments.string(2)
                guard !username.isEmpty else { throw arguments.badArgument(2, "expects a username string") }
                let ids = try optionalStringList(arguments, 3, name)
                let usernames = try optionalStringList(arguments, 4, name)
                do {
                    try call(user, username, ids, usernames, arguments)
                } catch let error as RuntimeError {
                    throw fail("error \(verb) friends: \(error.message)")
                }
                return []
            }
        }
        return [
            "friends_list": { arguments in
                let user = try userID(arguments, 1, "friends_list")
                let limit = try arguments.optionalInteger(2) ?? 100
                guard (1...1000).contains(limit) else { throw arguments.badArgument(2, "expects limit to be 1-1000") }
                let state = try arguments.optionalInteger(3)
                if let state, !(0...3).contains(state) { throw arguments.badArgument(3, "expects state to be 0-3") }
                let cursor = try arguments.optionalString(4)
                do {
                    let page = try services.friendsList(user, limit: limit, state: state, cursor: cursor)
                    let friends = JSON.array(page.friends.map { friend in
                        .object(JSONObject([
                            ("user", userJSON(friend.user)), ("state", .int(Int64(friend.state.rawValue))),
                            ("update_time", .int(friend.updateTime.seconds)),
                            ("metadata", (try? JSONParser.parse(Array(friend.metadata.utf8))) ?? .object(JSONObject())),
                        ]))
                    })
                    return [LuaJSON.luaValue(from: friends), page.cursor.map { LuaValue($0) } ?? .nil]
                } catch let error as RuntimeError {
                    throw fail("error listing friends: \(error.message)")
                }
            },
            "friends_add": friendChange("friends_add", "adding") { user, username, ids, usernames, arguments in
                var metadata: String?
                if let table = try arguments.optionalTable(5) {
                    metadata = JSONWriter.string(try LuaJSON.json(from: .table(table)))
                }
                try services.friendsAdd(user, username: username, ids: ids, usernames: usernames, metadata: metadata)
            },
            "friends_delete": friendChange("friends_delete", "deleting") { user, username, ids, usernames, _ in
                try services.friendsDelete(user, username: username, ids: ids, usernames: usernames)
            },
            "friends_block": friendChange("friends_block", "blocking") { user, username, ids, usernames, _ in
                try services.friendsBlock(user, username: username, ids: ids, usernames: usernames)
            },
            "notification_send": { arguments in
                let record = try notification(
                    user: try arguments.string(1), subject: try arguments.string(2), content: arguments.value(3),
                    code: try arguments.integer(4), sender: try arguments.optionalString(5),
                    persistent: try arguments.optionalBool(6) ?? false, argumentBase: 1, arguments)
                do {
                    try services.notificationsSend([record])
                } catch let error as RuntimeError {
                    throw fail("failed to send notification: \(error.message)")
                }
                return []
            },
            "notifications_send": { arguments in
                let list = try arguments.table(1)
                var records: [NotificationRecord] = []
                for entry in list.array {
                    guard case .table(let table) = entry else {
                        throw arguments.badArgument(1, "expects a table of notification tables")
                    }
                    guard let code = table["code"].intValue else {
                        throw arguments.badArgument(1, "expects code to be a number")
                    }
                    records.append(try notification(
                        user: table["user_id"].stringValue ?? "", subject: table["subject"].stringValue ?? "",
                        content: table["content"], code: code, sender: table["sender_id"].stringValue,
                        persistent: table["persistent"].boolValue ?? false, argumentBase: nil, arguments))
                }
                do {
                    try services.notificationsSend(records)
                } catch let error as RuntimeError {
                    throw fail("failed to send notifications: \(error.message)")
                }
                return []
            },
            "notification_send_all": { arguments in
                let subject = try arguments.string(1)
                guard !subject.isEmpty else { throw arguments.badArgument(1, "expects subject to be a non-empty string") }
                let content = try contentText(arguments.value(2), index: 2, arguments)
                let code = try arguments.integer(3)
                guard isValidCode(code) else { throw arguments.badArgument(3, "expects code to number above 0") }
                let persistent = try arguments.optionalBool(4) ?? false
                do {
                    try services.notificationSendAll(subject: subject, content: content, code: code, persistent: persistent)
                } catch let error as RuntimeError {
                    throw fail("failed to send notifications: \(error.message)")
                }
                return []
            },
            "channel_id_build": { arguments in
                let sender = try arguments.optionalString(1) ?? ""
                let target = try arguments.string(2)
                let rawType = try arguments.integer(3)
                guard let type = ChannelID.JoinType(rawValue: rawType) else {
                    throw arguments.badArgument(3, "expects a channel type of 1 (room), 2 (direct) or 3 (group)")
                }
                let channel: ChannelID
                switch type {
                case .room:
                    guard ChannelID.isValidRoomName(target) else { throw fail("error building channel id: invalid room name") }
                    channel = ChannelID(.room(target))
                case .directMessage:
                    guard let from = UserID(sender), from != .system else {
                        throw arguments.badArgument(1, "expects sender id to be a valid user id")
                    }
                    guard let to = UserID(target), to != .system, to != from else {
                        throw arguments.badArgument(2, "expects target to be a valid user id")
                    }
                    channel = ChannelID(.direct(from, to))
                case .group:
                    guard let group = UUIDValue(target), group != .zero else {
                        throw arguments.badArgument(2, "expects target to be a valid group id")
                    }
                    channel = ChannelID(.group(group))
                }
                return [LuaValue(channel.description)]
            },
            "channel_messages_list": { arguments in
                let channelID = try arguments.string(1)
                let limit = try arguments.optionalInteger(2) ?? 100
                guard (1...100).contains(limit) else { throw arguments.badArgument(2, "expects limit to be 1-100") }
                let forward = try arguments.optionalBool(3) ?? true
                let cursor = try arguments.optionalString(4)
                do {
                    let page = try services.channelMessagesList(channelID, limit: limit, forward: forward, cursor: cursor)
                    return [
                        LuaJSON.luaValue(from: .array(page.messages.map(messageJSON))),
                        page.nextCursor.map { LuaValue($0) } ?? .nil, page.prevCursor.map { LuaValue($0) } ?? .nil,
                    ]
                } catch let error as RuntimeError {
                    throw fail("failed to list channel messages: \(error.message)")
                }
            },
        ]
    }

    /// Codes module code may use: game codes above 0, or Nakama's reserved −2000…−1000 range.
    static func isValidCode(_ code: Int) -> Bool { code > 0 || (-2000 ... -1000).contains(code) }

    /// A notification from Lua arguments; `argumentBase` is the first argument's index for positional calls
    /// (nil for entries of `notifications_send`, whose errors name argument 1).
    static func notification(
        user: String, subject: String, content: LuaValue, code: Int, sender: String?, persistent: Bool,
        argumentBase: Int?, _ arguments: LuaArguments
    ) throws -> NotificationRecord {
        func bad(_ offset: Int, _ detail: String) -> LuaHostError {
            arguments.badArgument(argumentBase.map { $0 + offset } ?? 1, detail)
        }
        guard let recipient = UserID(user), recipient != .system else { throw bad(0, "expects user_id to be a valid UUID") }
        guard !subject.isEmpty else { throw bad(1, "expects subject to be a non-empty string") }
        let text = try contentText(content, index: argumentBase.map { $0 + 2 } ?? 1, arguments)
        guard isValidCode(code) else { throw bad(3, "expects code to number above 0") }
        var senderID = UserID.system
        if let sender, !sender.isEmpty {
            guard let parsed = UserID(sender) else { throw bad(4, "expects sender_id to either be empty or a valid UUID") }
            senderID = parsed
        }
        var generator = SystemRandomNumberGenerator()
        return NotificationRecord(
            id: UUIDValue.random(using: &generator), userID: recipient, subject: subject, content: text, code: code,
            senderID: senderID, createTime: Timestamp(seconds: unixSeconds()), persistent: persistent)
    }

    /// Notification content: a table, encoded as a JSON object.
    static func contentText(_ value: LuaValue, index: Int, _ arguments: LuaArguments) throws -> String {
        guard case .table = value else { throw arguments.badArgument(index, "expects content to be a table") }
        let json = try LuaJSON.json(from: value)
        guard case .object = json else { return "{}" }
        return JSONWriter.string(json)
    }

    static func optionalStringList(_ arguments: LuaArguments, _ index: Int, _ name: String) throws -> [String] {
        arguments.isNil(index) ? [] : try stringList(arguments, index, name)
    }

    /// A channel message as Nakama's Lua runtime lists it: camelCase keys, content text, times in seconds.
    static func messageJSON(_ message: ChannelMessage) -> JSON {
        var object = JSONObject()
        object["channelId"] = .string(message.channel.description)
        object["messageId"] = .string(message.id.description)
        object["code"] = .int(Int64(message.code))
        object["senderId"] = .string(message.senderID.description)
        object["username"] = .string(message.username)
        object["content"] = .string(message.content)
        object["createTime"] = .int(message.createTime.seconds)
        object["updateTime"] = .int(message.updateTime.seconds)
        object["persistent"] = .bool(message.persistent)
        switch message.channel.kind {
        case .room(let name): object["roomName"] = .string(name)
        case .group(let group): object["groupId"] = .string(group.description)
        case .direct(let a, let b):
            object["userIdOne"] = .string(a.description)
            object["userIdTwo"] = .string(b.description)
        }
        return .object(object)
    }
}
