import ShoalCore
import ShoalGroupRules
import ShoalPostgres
import ShoalProtocol
import ShoalSocialRules
import ShoalStore

/// Channel history listing shared by `GET /v2/channel/{channel_id}` and `nk.channel_messages_list`:
/// channel id parsing, access, limits and the three cursors.
///
/// Access: a direct channel is readable only by its two users, a group channel only by the group's members
/// (superadmin, admin, member), rooms by anyone. The runtime (no caller) reads any channel.
struct ChannelHistory {
    let connection: PGConnection

    static let invalidChannel = APIError(.invalidArgument, "Invalid channel ID.")
    static let invalidCursor = APIError(.invalidArgument, "Cursor is invalid or expired.")

    /// `limit` 1–100. `forward` true lists oldest first. A cursor from another channel or direction is refused.
    func list(caller: UserID?, channelID text: String, limit: Int, forward: Bool, cursor: String?) throws
        -> ChannelMessagePage
    {
        guard let channel = ChannelID(text) else { throw ChannelHistory.invalidChannel }
        guard (1...100).contains(limit) else {
            throw APIError(.invalidArgument, "Invalid limit - limit must be between 1 and 100.")
        }
        if let caller, case .direct(let a, let b) = channel.kind, caller != a, caller != b {
            throw ChannelHistory.invalidChannel
        }
        if let caller, case .group(let group) = channel.kind,
            try GroupStore(connection: connection).role(group: group, user: caller)?.isMember != true
        {
            throw APIError(.invalidArgument, "Group not found.")
        }
        var start: (position: ChannelMessageStore.Position, isNext: Bool)?
        if let cursor, !cursor.isEmpty {
            guard let decoded = ListCursor(decoding: cursor, kind: "c", fieldCount: 5),
                decoded.fields[0] == channel.description, decoded.fields[1] == (forward ? "1" : "0"),
                let micros = Int64(decoded.fields[2]), let id = UUIDValue(decoded.fields[3])
            else { throw ChannelHistory.invalidCursor }
            start = (ChannelMessageStore.Position(createTime: Timestamp(microseconds: micros), id: id), decoded.fields[4] == "1")
        }
        // Next pages continue in the listing direction; previous pages walk back and are re-reversed.
        let isNext = start?.isNext ?? true
        let ascending = isNext == forward
        var messages = try ChannelMessageStore(connection: connection).list(
            channel: channel, limit: limit + 1, ascending: ascending, after: start?.position)
        let hasMore = messages.count > limit
        if hasMore { messages.removeLast() }
        if !isNext { messages.reverse() }

        func encode(_ message: ChannelMessage, next: Bool) -> String {
            ListCursor(kind: "c", fields: [
                channel.description, forward ? "1" : "0", String(message.createTime.microseconds), message.id.description,
                next ? "1" : "0",
            ]).encoded
        }
        var page = ChannelMessagePage(messages: messages)
        if let first = messages.first, let last = messages.last {
            if isNext {
                if hasMore { page.nextCursor = encode(last, next: true) }
                if start != nil { page.prevCursor = encode(first, next: false) }
            } else {
                page.nextCursor = encode(last, next: true)
                if hasMore { page.prevCursor = encode(first, next: false) }
            }
            if forward { page.cacheableCursor = encode(last, next: true) }
        } else if forward, let cursor, start?.isNext == true {
            page.cacheableCursor = cursor
        }
        return page
    }
}
