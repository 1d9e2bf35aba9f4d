import ShoalJSON

/// One message a client sends on the realtime socket: the envelope's oneof, for the messages Shoal handles.
///
/// Each case has one wire key (`key`), one rt-hook name (`hookName`) and one protojson form (`json`), so a
/// new message is one case here and one entry in the pipeline. Party and matchmaker messages are not
/// modelled yet; `ClientEnvelope` reports them as unrecognized.
package enum RealtimeRequest: Sendable, Equatable {
    case channelJoin(ChannelJoin)
    case channelLeave(ChannelLeave)
    case channelMessageSend(ChannelMessageSend)
    case channelMessageUpdate(ChannelMessageUpdate)
    case channelMessageRemove(ChannelMessageRemove)
    case matchCreate(MatchCreate)
    case matchJoin(MatchJoin)
    case matchLeave(MatchLeave)
    case matchDataSend(MatchDataSend)
    case statusFollow(StatusFollow)
    case statusUnfollow(StatusUnfollow)
    case statusUpdate(StatusUpdate)
    case rpc(RealtimeRPC)
    case ping
    case pong

    /// The envelope key (protobuf field name), e.g. `channel_join`.
    package var key: String {
        switch self {
        case .channelJoin: "channel_join"
        case .channelLeave: "channel_leave"
        case .channelMessageSend: "channel_message_send"
        case .channelMessageUpdate: "channel_message_update"
        case .channelMessageRemove: "channel_message_remove"
        case .matchCreate: "match_create"
        case .matchJoin: "match_join"
        case .matchLeave: "match_leave"
        case .matchDataSend: "match_data_send"
        case .statusFollow: "status_follow"
        case .statusUnfollow: "status_unfollow"
        case .statusUpdate: "status_update"
        case .rpc: "rpc"
        case .ping: "ping"
        case .pong: "pong"
        }
    }

    /// The name runtime code registers rt before/after hooks under (`"ChannelJoin"`, …; Nakama matches it
    /// case-insensitively). Nil for `rpc`, which Nakama runs without rt hooks.
    package var hookName: String? {
        switch self {
        case .channelJoin: "ChannelJoin"
        case .channelLeave: "ChannelLeave"
        case .channelMessageSend: "ChannelMessageSend"
        case .channelMessageUpdate: "ChannelMessageUpdate"
        case .channelMessageRemove: "ChannelMessageRemove"
        case .matchCreate: "MatchCreate"
        case .matchJoin: "MatchJoin"
        case .matchLeave: "MatchLeave"
        case .matchDataSend: "MatchDataSend"
        case .statusFollow: "StatusFollow"
        case .statusUnfollow: "StatusUnfollow"
        case .statusUpdate: "StatusUpdate"
        case .rpc: nil
        case .ping: "Ping"
        case .pong: "Pong"
        }
    }

    /// The message object alone, by protojson's output rules (e.g. `{"target":"lobby","type":1}`).
    package var payloadJSON: JSON {
        switch self {
        case .channelJoin(let message): message.json
        case .channelLeave(let message): message.json
        case .channelMessageSend(let message): message.json
        case .channelMessageUpdate(let message): message.json
        case .channelMessageRemove(let message): message.json
        case .matchCreate(let message): message.json
        case .matchJoin(let message): message.json
        case .matchLeave(let message): message.json
        case .matchDataSend(let message): message.json
        case .statusFollow(let message): message.json
        case .statusUnfollow(let message): message.json
        case .statusUpdate(let message): message.json
        case .rpc(let message): message.json
        case .ping, .pong: .object(JSONObject())
        }
    }

    /// The request as an envelope without a cid: `{"<key>": <payloadJSON>}`.
    package var json: JSON { .object(JSONObject([(key, payloadJSON)])) }

    /// Reads `{"<key>": {...}}` (what `json` produces, or what a before-hook returns) by the same rules as
    /// `ClientEnvelope`; a `cid` member is allowed and ignored.
    package init(json: JSON) throws(EnvelopeError) {
        self = try ClientEnvelope(json: json).message
    }

    /// Every oneof key of Nakama's `rtapi.Envelope` (protocol §4.2), client and server messages alike.
    static let nakamaKeys: Set<String> = [
        "channel", "channel_join", "channel_leave", "channel_message", "channel_message_ack", "channel_message_send",
        "channel_message_update", "channel_message_remove", "channel_presence_event", "error", "match",
        "match_create", "match_data", "match_data_send", "match_join", "match_leave", "match_presence_event",
        "matchmaker_add", "matchmaker_matched", "matchmaker_remove", "matchmaker_ticket", "notifications", "rpc",
        "status", "status_follow", "status_presence_event", "status_unfollow", "status_update", "stream_data",
        "stream_presence_event", "ping", "pong", "party", "party_create", "party_join", "party_leave",
        "party_promote", "party_leader", "party_accept", "party_remove", "party_close", "party_join_request_list",
        "party_join_request", "party_matchmaker_add", "party_matchmaker_remove", "party_matchmaker_ticket",
        "party_data", "party_data_send", "party_presence_event", "party_update",
    ]

    /// Decodes the message under a snake_case envelope key; nil when Shoal does not accept that key from clients.
    init?(key: String, message: RealtimeInput) throws(EnvelopeError) {
        switch key {
        case "channel_join": self = .channelJoin(try ChannelJoin(from: message))
        case "channel_leave": self = .channelLeave(try ChannelLeave(from: message))
        case "channel_message_send": self = .channelMessageSend(try ChannelMessageSend(from: message))
        case "channel_message_update": self = .channelMessageUpdate(try ChannelMessageUpdate(from: message))
        case "channel_message_remove": self = .channelMessageRemove(try ChannelMessageRemove(from: message))
        case "match_create": self = .matchCreate(try MatchCreate(from: message))
        case "match_join": self = .matchJoin(try MatchJoin(from: message))
        case "match_leave": self = .matchLeave(try MatchLeave(from: message))
        case "match_data_send": self = .matchDataSend(try MatchDataSend(from: message))
        case "status_follow": self = .statusFollow(try StatusFollow(from: message))
        case "status_unfollow": self = .statusUnfollow(try StatusUnfollow(from: message))
        case "status_update": self = .statusUpdate(try StatusUpdate(from: message))
        case "rpc": self = .rpc(try RealtimeRPC(from: message))
        case "ping": self = .ping
        case "pong": self = .pong
        default: return nil
        }
    }

    /// The snake_case form of a lowerCamel JSON name (`channelJoin` → `channel_join`); snake names pass through.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
