import ShoalJSON

/// Nakama's `api.ChannelMessageList`: one page of channel history with its cursors.
///
/// `nextCursor` continues in the listing direction, `prevCursor` goes back toward where the page came
/// from, and `cacheableCursor` (forward listings) asks later for only the messages newer than this page.
package struct ChannelMessagePage: Sendable, Equatable {
    package var messages: [ChannelMessage]
    package var nextCursor: String?
    package var prevCursor: String?
    package var cacheableCursor: String?

    package init(messages: [ChannelMessage], nextCursor: String? = nil, prevCursor: String? = nil, cacheableCursor: String? = nil) {
        self.messages = messages
        self.nextCursor = nextCursor
        self.prevCursor = prevCursor
        self.cacheableCursor = cacheableCursor
    }

    package var json: JSON {
        var out = WireObject()
        out.list("messages", messages.map(\.json))
        out.string("next_cursor", nextCursor)
        out.string("prev_cursor", prevCursor)
        out.string("cacheable_cursor", cacheableCursor)
        return out.json
    }
}
