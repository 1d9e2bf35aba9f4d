import ShoalCore
import ShoalJSON

extension RealtimeEvent {
    /// `channel`: the reply to `channel_join`, the joined channel with its visible members.
    ///
    /// `presences` excludes hidden members (and the caller on a first join); `selfPresence` is the caller
    /// (wire key `self`). The channel kind decides which of `room_name`, `group_id` or `user_id_one` +
    /// `user_id_two` appear.
    package struct Channel: Sendable, Equatable {
        package var id: ChannelID
        package var presences: [UserPresence]
        package var selfPresence: UserPresence

        package init(id: ChannelID, presences: [UserPresence], selfPresence: UserPresence) {
            self.id = id
            self.presences = presences
            self.selfPresence = selfPresence
        }

        package var json: JSON {
            var out = WireObject()
            out.string("id", id.description)
            out.list("presences", presences.map(\.json))
            out.message("self", selfPresence.json)
            out.channelTarget(id)
            return out.json
        }
    }

    /// `channel_presence_event`: members joining or leaving a channel, sent to everyone on it.
    package struct ChannelPresenceEvent: Sendable, Equatable {
        package var channel: ChannelID
        package var joins: [UserPresence]
        package var leaves: [UserPresence]

        package init(channel: ChannelID, joins: [UserPresence] = [], leaves: [UserPresence] = []) {
            self.channel = channel
            self.joins = joins
            self.leaves = leaves
        }

        package var json: JSON {
            var out = WireObject()
            out.string("channel_id", channel.description)
            out.list("joins", joins.map(\.json))
            out.list("leaves", leaves.map(\.json))
            out.channelTarget(channel)
            return out.json
        }
    }
}

extension ChannelMessage {
    /// The `channel_message_ack` a sender gets for this message: the message without its sender id and
    /// content. `code` and `persistent` are wrappers, written even when 0/false.
    var ackJSON: JSON {
        var out = WireObject()
        out.string("channel_id", channel.description)
        out.string("message_id", id.description)
        out.string("username", username)
        out.timestamp("create_time", createTime)
        out.timestamp("update_time", updateTime)
        out.wrappedBool("persistent", persistent)
        out.channelTarget(channel)
        var object = out.object
        object["code"] = .int(Int64(code))
        return .object(object)
    }
}

extension WireObject {
    /// `room_name`, `group_id` or `user_id_one` + `user_id_two`, whichever the channel's kind has.
    mutating func channelTarget(_ channel: ChannelID) {
        switch channel.kind {
        case .room(let name): string("room_name", name)
        case .group(let group): string("group_id", group.description)
        case .direct(let a, let b):
            string("user_id_one", a.description)
            string("user_id_two", b.description)
        }
    }
}
