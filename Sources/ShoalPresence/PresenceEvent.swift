/// The change one tracker operation made to one stream, for the shell to broadcast to the stream's
/// members (Nakama's channel, match, status and party presence events).
///
/// Every presence in `joins` and `leaves` belongs to `stream` and is not hidden; at least one list is
/// non-empty. A presence appears in both lists only for an update: it left with its old meta and
/// joined with its new one.
package struct PresenceEvent: Sendable, Equatable {
    package var stream: PresenceStream
    package var joins: [Presence]
    package var leaves: [Presence]

    package init(stream: PresenceStream, joins: [Presence] = [], leaves: [Presence] = []) {
        self.stream = stream
        self.joins = joins
        self.leaves = leaves
    }
}
