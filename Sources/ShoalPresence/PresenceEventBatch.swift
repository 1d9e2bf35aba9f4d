/// Collects the joins and leaves of one tracker operation into one event per stream, so an operation
/// that touches a stream several times (a node's many sessions leaving one match) yields one event.
///
/// Events come out in the order their streams were first touched; hidden presences are dropped.
struct PresenceEventBatch {
    private var events: [PresenceEvent] = []
    private var positions: [PresenceStream: Int] = [:]

    mutating func join(_ presence: Presence) {
        guard !presence.meta.hidden else { return }
        events[position(of: presence.stream)].joins.append(presence)
    }

    mutating func leave(_ presence: Presence) {
        guard !presence.meta.hidden else { return }
        events[position(of: presence.stream)].leaves.append(presence)
    }

    var result: [PresenceEvent] { events }

    private mutating func position(of stream: PresenceStream) -> Int {
        if let position = positions[stream] { return position }
        positions[stream] = events.count
        events.append(PresenceEvent(stream: stream))
        return events.count - 1
    }
}
