import ShoalJSON

extension RealtimeEvent {
    /// `stream_data`: text a runtime module sends to a custom stream's members; `sender` is absent for
    /// server-sent data.
    package struct StreamData: Sendable, Equatable {
        package var stream: RealtimeStream
        package var sender: UserPresence?
        package var data: String
        package var reliable: Bool

        package init(stream: RealtimeStream, sender: UserPresence? = nil, data: String, reliable: Bool) {
            self.stream = stream
            self.sender = sender
            self.data = data
            self.reliable = reliable
        }

        package var json: JSON {
            var out = WireObject()
            out.message("stream", stream.json)
            out.message("sender", sender?.json)
            out.string("data", data)
            out.bool("reliable", reliable)
            return out.json
        }
    }

    /// `stream_presence_event`: sessions joining or leaving a custom stream.
    package struct StreamPresenceEvent: Sendable, Equatable {
        package var stream: RealtimeStream
        package var joins: [UserPresence]
        package var leaves: [UserPresence]

        package init(stream: RealtimeStream, joins: [UserPresence] = [], leaves: [UserPresence] = []) {
            self.stream = stream
            self.joins = joins
            self.leaves = leaves
        }

        package var json: JSON {
            var out = WireObject()
            out.message("stream", stream.json)
            out.list("joins", joins.map(\.json))
            out.list("leaves", leaves.map(\.json))
            return out.json
        }
    }
}
