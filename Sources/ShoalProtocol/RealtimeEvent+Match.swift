import ShoalCore
import ShoalJSON

extension RealtimeEvent {
    /// `match`: the reply to `match_create` and `match_join`.
    ///
    /// `label` is a StringValue wrapper (authoritative matches only; written when set, even if empty).
    /// `presences` excludes the caller on a first join; `selfPresence` is the caller (wire key `self`).
    package struct Match: Sendable, Equatable {
        package var matchID: String
        package var authoritative: Bool
        package var label: String?
        package var size: Int
        package var presences: [UserPresence]
        package var selfPresence: UserPresence

        package init(
            matchID: String, authoritative: Bool = false, label: String? = nil, size: Int, presences: [UserPresence],
            selfPresence: UserPresence
        ) {
            self.matchID = matchID
            self.authoritative = authoritative
            self.label = label
            self.size = size
            self.presences = presences
            self.selfPresence = selfPresence
        }

        package var json: JSON {
            var out = WireObject()
            out.string("match_id", matchID)
            out.bool("authoritative", authoritative)
            out.wrappedString("label", label)
            out.int32("size", size)
            out.list("presences", presences.map(\.json))
            out.message("self", selfPresence.json)
            return out.json
        }
    }

    /// `match_data`: data relayed from a match member (or sent by the match handler, with no `presence`).
    ///
    /// `opCode` is written as a string (int64); `data` as standard padded base64.
    package struct MatchData: Sendable, Equatable {
        package var matchID: String
        package var presence: UserPresence?
        package var opCode: Int64
        package var data: [UInt8]
        package var reliable: Bool

        package init(matchID: String, presence: UserPresence?, opCode: Int64, data: [UInt8], reliable: Bool) {
            self.matchID = matchID
            self.presence = presence
            self.opCode = opCode
            self.data = data
            self.reliable = reliable
        }

        package var json: JSON {
            var out = WireObject()
            out.string("match_id", matchID)
            out.message("presence", presence?.json)
            out.int64("op_code", opCode)
            if !data.isEmpty { out.string("data", Base64.encode(data)) }
            out.bool("reliable", reliable)
            return out.json
        }
    }

    /// `match_presence_event`: members joining or leaving a match, sent to every member.
    package struct MatchPresenceEvent: Sendable, Equatable {
        package var matchID: String
        package var joins: [UserPresence]
        package var leaves: [UserPresence]

        package init(matchID: String, joins: [UserPresence] = [], leaves: [UserPresence] = []) {
            self.matchID = matchID
            self.joins = joins
            self.leaves = leaves
        }

        package var json: JSON {
            var out = WireObject()
            out.string("match_id", matchID)
            out.list("joins", joins.map(\.json))
            out.list("leaves", leaves.map(\.json))
            return out.json
        }
    }
}
