import ShoalJSON

/// One message the server sends on the realtime socket: a reply to a request or an unsolicited event.
///
/// Each case has one wire key (`key`) and one protojson form (`payloadJSON`); `ack` is the reply made of
/// the cid alone (`{"cid":"5"}`) and has neither. Whether a cid goes with it is `ServerEnvelope`'s business.
package enum RealtimeEvent: Sendable, Equatable {
    case channel(Channel)
    case channelMessage(ChannelMessage)
    /// The reply to `channel_message_send`/`_update`/`_remove`, describing the stored message.
    case channelMessageAck(ChannelMessage)
    case channelPresenceEvent(ChannelPresenceEvent)
    case match(Match)
    case matchData(MatchData)
    case matchPresenceEvent(MatchPresenceEvent)
    /// The reply to `status_follow`: the followed users' current status presences.
    case status([UserPresence])
    case statusPresenceEvent(StatusPresenceEvent)
    case notifications([NotificationRecord])
    case rpc(RealtimeRPC)
    case pong
    case error(RealtimeErrorMessage)
    case streamData(StreamData)
    case streamPresenceEvent(StreamPresenceEvent)
    case ack

    /// The envelope key, e.g. `channel_message`; nil for `ack`.
    package var key: String? {
        switch self {
        case .channel: "channel"
        case .channelMessage: "channel_message"
        case .channelMessageAck: "channel_message_ack"
        case .channelPresenceEvent: "channel_presence_event"
        case .match: "match"
        case .matchData: "match_data"
        case .matchPresenceEvent: "match_presence_event"
        case .status: "status"
        case .statusPresenceEvent: "status_presence_event"
        case .notifications: "notifications"
        case .rpc: "rpc"
        case .pong: "pong"
        case .error: "error"
        case .streamData: "stream_data"
        case .streamPresenceEvent: "stream_presence_event"
        case .ack: nil
        }
    }

    /// The message object by protojson's output rules; nil for `ack`.
    package var payloadJSON: JSON? {
        switch self {
        case .channel(let message): message.json
        case .channelMessage(let message): message.json
        case .channelMessageAck(let message): message.ackJSON
        case .channelPresenceEvent(let message): message.json
        case .match(let message): message.json
        case .matchData(let message): message.json
        case .matchPresenceEvent(let message): message.json
        case .status(let presences): RealtimeEvent.object("presences", presences.map(\.json))
        case .statusPresenceEvent(let message): message.json
        case .notifications(let records): RealtimeEvent.object("notifications", records.map(\.json))
        case .rpc(let message): message.json
        case .pong: .object(JSONObject())
        case .error(let message): message.json
        case .streamData(let message): message.json
        case .streamPresenceEvent(let message): message.json
        case .ack: nil
        }
    }

    private static func object(_ key: String, _ list: [JSON]) -> JSON {
        var out = WireObject()
        out.list(key, list)
        return out.json
    }
}
