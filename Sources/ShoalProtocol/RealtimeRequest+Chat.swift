import ShoalJSON

extension RealtimeRequest {
    /// `channel_join`: join a room, a direct chat or a group's chat.
    ///
    /// `type` is the raw enum number (0 and 1 room, 2 direct message, 3 group; see `joinType`) so an unknown
    /// value reaches the pipeline, which answers BAD_INPUT. `persistence` and `hidden` are BoolValue
    /// wrappers: nil means the default (true and false respectively).
    package struct ChannelJoin: Sendable, Equatable {
        package var target: String
        package var type: Int
        package var persistence: Bool?
        package var hidden: Bool?

        package init(target: String, type: Int, persistence: Bool? = nil, hidden: Bool? = nil) {
            self.target = target
            self.type = type
            self.persistence = persistence
            self.hidden = hidden
        }

        /// The channel kind `type` names; nil for a number Nakama does not define.
        package var joinType: ChannelID.JoinType? { type == 0 ? .room : ChannelID.JoinType(rawValue: type) }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(
                target: try input.string("target") ?? "", type: try input.int32("type") ?? 0,
                persistence: try input.bool("persistence"), hidden: try input.bool("hidden"))
        }

        package var json: JSON {
            var out = WireObject()
            out.string("target", target)
            out.int32("type", type)
            out.wrappedBool("persistence", persistence)
            out.wrappedBool("hidden", hidden)
            return out.json
        }
    }

    /// `channel_leave`: leave a joined channel; answered with a cid-only ack. The id is wire text, parsed
    /// (and rejected with BAD_INPUT) by the pipeline.
    package struct ChannelLeave: Sendable, Equatable {
        package var channelID: String

        package init(channelID: String) { self.channelID = channelID }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(channelID: try input.string("channel_id") ?? "")
        }

        package var json: JSON {
            var out = WireObject()
            out.string("channel_id", channelID)
            return out.json
        }
    }

    /// `channel_message_send`: post a message; `content` must be a JSON object's text (checked by the pipeline).
    package struct ChannelMessageSend: Sendable, Equatable {
        package var channelID: String
        package var content: String

        package init(channelID: String, content: String) {
            self.channelID = channelID
            self.content = content
        }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(channelID: try input.string("channel_id") ?? "", content: try input.string("content") ?? "")
        }

        package var json: JSON {
            var out = WireObject()
            out.string("channel_id", channelID)
            out.string("content", content)
            return out.json
        }
    }

    /// `channel_message_update`: replace the content of one of the sender's own messages.
    package struct ChannelMessageUpdate: Sendable, Equatable {
        package var channelID: String
        package var messageID: String
        package var content: String

        package init(channelID: String, messageID: String, content: String) {
            self.channelID = channelID
            self.messageID = messageID
            self.content = content
        }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(
                channelID: try input.string("channel_id") ?? "", messageID: try input.string("message_id") ?? "",
                content: try input.string("content") ?? "")
        }

        package var json: JSON {
            var out = WireObject()
            out.string("channel_id", channelID)
            out.string("message_id", messageID)
            out.string("content", content)
            return out.json
        }
    }

    /// `channel_message_remove`: delete one of the sender's own messages.
    package struct ChannelMessageRemove: Sendable, Equatable {
        package var channelID: String
        package var messageID: String

        package init(channelID: String, messageID: String) {
            self.channelID = channelID
            self.messageID = messageID
        }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(channelID: try input.string("channel_id") ?? "", messageID: try input.string("message_id") ?? "")
        }

        package var json: JSON {
            var out = WireObject()
            out.string("channel_id", channelID)
            out.string("message_id", messageID)
            return out.json
        }
    }
}
