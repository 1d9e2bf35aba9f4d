import ShoalCore
import ShoalJSON
import ShoalLua
import ShoalProtocol
import ShoalRuntime

extension NakamaLibrary {
    /// `channel_message_send/update/remove` (runtime.md §2.11): module code posts to a channel as a user (or
    /// the system); the message is stored when asked (`persist` defaults to true, as Nakama documents) and sent
    /// to the channel's connected members.
    static func chat(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        let services = instance.services
        func write(_ name: String, code: Int) -> LuaHostFunction {
            { arguments in
                guard let channel = ChannelID(try arguments.string(1)) else {
                    throw fail("bad argument #1 to '\(name)' (invalid channel id)")
                }
                var next = 2
                var messageID: UUIDValue?
                if code != 0 {
                    guard let id = UUIDValue(try arguments.string(2)) else {
                        throw fail("bad argument #2 to '\(name)' (invalid message id)")
                    }
                    messageID = id
                    next = 3
                }
                var content = "{}"
                if code != 2 {
                    if !arguments.isNil(next) {
                        guard case .object(let object) = try LuaJSON.json(from: .table(try arguments.table(next))) else {
                            throw fail("bad argument #\(next) to '\(name)' (expects content table)")
                        }
                        content = JSONWriter.string(.object(object))
                    }
                    next += 1
                }
                let sender = try arguments.optionalString(next).flatMap { $0.isEmpty ? nil : UserID($0) } ?? .system
                let username = try arguments.optionalString(next + 1) ?? ""
                let persist = try arguments.optionalBool(next + 2) ?? true
                var generator = SystemRandomNumberGenerator()
                let now = Timestamp(seconds: unixSeconds())
                let draft = ChannelMessage(
                    channel: channel, id: messageID ?? UUIDValue.random(using: &generator), code: code, senderID: sender,
                    username: username, content: content, createTime: now, updateTime: now, persistent: persist)
                let message: ChannelMessage
                do {
                    message = try services.channelMessageWrite(draft, persist: persist)
                } catch let error as RuntimeError {
                    throw fail("\(name): \(error.message)")
                }
                let stream = RuntimeStream(
                    mode: channel.streamMode, subject: channel.streamSubject.description,
                    subcontext: channel.streamDescriptor.description, label: channel.streamLabel)
                services.streams.sendRaw(stream, envelope: .object(JSONObject([("channel_message", message.json)])), to: nil)
                // Nakama's runtime ack uses camelCase keys.
                var ack = JSONObject()
                ack["channelId"] = .string(channel.description)
                ack["messageId"] = .string(message.id.description)
                ack["code"] = .int(Int64(code))
                ack["username"] = .string(username)
                ack["createTime"] = .int(message.createTime.seconds)
                ack["updateTime"] = .int(message.updateTime.seconds)
                ack["persistent"] = .bool(persist)
                return [LuaJSON.luaValue(from: .object(ack))]
            }
        }
        return [
            "channel_message_send": write("channel_message_send", code: 0),
            "channel_message_update": write("channel_message_update", code: 1),
            "channel_message_remove": write("channel_message_remove", code: 2),
        ]
    }
}
