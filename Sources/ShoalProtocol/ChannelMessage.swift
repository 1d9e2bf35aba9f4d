import ShoalCore
import ShoalJSON

/// Nakama's `api.ChannelMessage`: one chat message, as history returns it and realtime events carry it.
///
/// `code` (Int32Value) and `persistent` (BoolValue) are wrappers, written even when 0/false. The channel
/// kind decides which of `room_name`, `group_id` or `user_id_one` + `user_id_two` appear.
package struct ChannelMessage: Sendable, Equatable {
    package var channel: ChannelID
    package var id: UUIDValue
    /// §4.3 message codes: 0 chat, 1 update, 2 remove, 3–9 group system messages.
    package var code: Int
    package var senderID: UserID
    package var username: String
    /// A JSON object's text.
    package var content: String
    package var createTime: Timestamp
    package var updateTime: Timestamp
    package var persistent: Bool

    package init(
        channel: ChannelID, id: UUIDValue, code: Int = 0, senderID: UserID, username: String, content: String,
        createTime: Timestamp, updateTime: Timestamp, persistent: Bool = true
    ) {
        self.channel = channel
        self.id = id
        self.code = code
        self.senderID = senderID
        self.username = username
        self.content = content
        self.createTime = createTime
        self.updateTime = updateTime
        self.persistent = persistent
    }

    package var json: JSON {
        var out = WireObject()
        out.string("channel_id", channel.description)
        out.string("message_id", id.description)
        out.string("sender_id", senderID.description)
        out.string("username", username)
        out.string("content", content)
        out.timestamp("create_time", createTime)
        out.timestamp("update_time", updateTime)
        out.wrappedBool("persistent", persistent)
        switch channel.kind {
        case .room(let name): out.string("room_name", name)
        case .group(let group): out.string("group_id", group.description)
        case .direct(let a, let b):
            out.string("user_id_one", a.description)
            out.string("user_id_two", b.description)
        }
        var object = out.object
        object["code"] = .int(Int64(code))
        return .object(object)
    }
}
