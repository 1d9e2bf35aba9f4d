import ShoalJSON

extension RealtimeEvent {
    /// `status_presence_event`: followed users coming online, going offline or changing status (a change
    /// is a leave of the old status presence plus a join of the new one).
    package struct StatusPresenceEvent: Sendable, Equatable {
        package var joins: [UserPresence]
        package var leaves: [UserPresence]

        package init(joins: [UserPresence] = [], leaves: [UserPresence] = []) {
            self.joins = joins
            self.leaves = leaves
        }

        package var json: JSON {
            var out = WireObject()
            out.list("joins", joins.map(\.json))
            out.list("leaves", leaves.map(\.json))
            return out.json
        }
    }
}
