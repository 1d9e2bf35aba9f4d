import ShoalPresence
import Testing

/// Random operation sequences checked against a flat array of presences: every query agrees with the
/// array, every operation returns the events the array predicts, and replaying the events alone
/// reproduces the set of visible presences (each presence joins before it leaves, hidden ones never
/// appear).
@Suite struct PresenceTrackerPropertyTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Key: Hashable {
        var id: PresenceID
        var stream: PresenceStream
    }

    /// The naive tracker: presences in the order they were first tracked.
    struct Model {
        var presences: [Presence] = []

        func index(of id: PresenceID, in stream: PresenceStream) -> Int? {
            presences.firstIndex { $0.id == id && $0.stream == stream }
        }

        mutating func track(_ presence: Presence) -> (Bool, [Presence], [Presence]) {
            guard index(of: presence.id, in: presence.stream) == nil else { return (false, [], []) }
            var stored = presence
            stored.meta.reason = PresenceReason.join
            presences.append(stored)
            return (true, [stored], [])
        }

        mutating func update(_ presence: Presence) -> ([Presence], [Presence]) {
            var stored = presence
            stored.meta.reason = PresenceReason.update
            guard let position = index(of: presence.id, in: presence.stream) else {
                presences.append(stored)
                return ([stored], [])
            }
            var previous = presences[position]
            previous.meta.reason = PresenceReason.update
            presences[position] = stored
            return ([stored], [previous])
        }

        mutating func remove(where matches: (Presence) -> Bool, reason: UInt8) -> [Presence] {
            let removed = presences.filter(matches).map { presence in
                var copy = presence
                copy.meta.reason = reason
                return copy
            }
            presences.removeAll(where: matches)
            return removed
        }
    }

    typealias Lists = (joins: Set<Presence>, leaves: Set<Presence>)

    /// Events as per-stream sets, for operations whose event order is not the array's order.
    func normalized(joins: [Presence], leaves: [Presence]) -> [PresenceStream: Lists] {
        var result: [PresenceStream: Lists] = [:]
        for presence in joins where !presence.meta.hidden {
            result[presence.stream, default: ([], [])].joins.insert(presence)
        }
        for presence in leaves where !presence.meta.hidden {
            result[presence.stream, default: ([], [])].leaves.insert(presence)
        }
        return result
    }

    func expect(_ events: [PresenceEvent], match joins: [Presence], _ leaves: [Presence]) {
        #expect(Set(events.map(\.stream)).count == events.count, "one event per stream")
        let actual = normalized(joins: events.flatMap(\.joins), leaves: events.flatMap(\.leaves))
        let predicted = normalized(joins: joins, leaves: leaves)
        #expect(Set(actual.keys) == Set(predicted.keys))
        for (stream, lists) in predicted {
            #expect(actual[stream]?.joins == lists.joins)
            #expect(actual[stream]?.leaves == lists.leaves)
        }
        for event in events {
            #expect(!event.joins.isEmpty || !event.leaves.isEmpty)
            #expect((event.joins + event.leaves).allSatisfy { $0.stream == event.stream && !$0.meta.hidden })
        }
    }

    /// Applies events to the set of visible presences as a client would (leaves, then joins), checking
    /// that nobody leaves without having joined and nobody joins twice.
    func replay(_ events: [PresenceEvent], onto visible: inout Set<Key>) {
        for event in events {
            for leave in event.leaves {
                #expect(visible.remove(Key(id: leave.id, stream: leave.stream)) != nil, "leave without join")
            }
            for join in event.joins {
                #expect(visible.insert(Key(id: join.id, stream: join.stream)).inserted, "joined twice")
            }
        }
    }

    func expectQueriesAgree(
        _ tracker: PresenceTracker, _ model: Model, streams: [PresenceStream], ids: [PresenceID], users: [String]
    ) {
        #expect(tracker.totalCount == model.presences.count)
        for stream in streams {
            let all = model.presences.filter { $0.stream == stream }
            #expect(tracker.presences(in: stream, includeHidden: true) == all)
            #expect(tracker.presences(in: stream) == all.filter { !$0.meta.hidden })
            #expect(tracker.count(in: stream) == all.count)
            for user in users {
                let sessions = all.filter { $0.meta.userID == user }.map(\.id)
                #expect(tracker.sessions(ofUser: user, in: stream) == sessions)
                #expect(tracker.isTracked(user: user, in: stream) == !sessions.isEmpty)
            }
            for id in ids {
                #expect(tracker.get(id, in: stream) == all.first { $0.id == id })
            }
        }
        for id in ids {
            #expect(tracker.streams(of: id) == model.presences.filter { $0.id == id }.map(\.stream))
        }
    }

    @Test(arguments: 0..<12)
    func trackerAgreesWithAFlatArray(_ seed: Int) {
        var random = SplitMix(state: UInt64(seed) &* 7919 &+ 17)
        let nodes = ["a", "b", "c"]
        let users = ["u0", "u1", "u2"]
        let streams = [
            PresenceStream(mode: PresenceStream.modeChannel, label: "lobby"),
            PresenceStream(mode: PresenceStream.modeStatus, subject: "u0"),
            PresenceStream(mode: PresenceStream.modeMatchAuthoritative, subject: "m", label: "a"),
            PresenceStream(mode: 42, subject: "custom", subcontext: "x", label: "y"),
        ]
        let ids = nodes.flatMap { node in (0..<4).map { PresenceID(node: node, sessionID: "\(node)-s\($0)") } }
        var tracker = PresenceTracker()
        var model = Model()
        var visible: Set<Key> = []

        for step in 0..<1500 {
            let id = ids.randomElement(using: &random)!
            let stream = streams.randomElement(using: &random)!
            let presence = Presence(
                id: id, stream: stream,
                meta: PresenceMeta(
                    userID: users[ids.firstIndex(of: id)! % users.count], username: "n",
                    hidden: Int.random(in: 0..<4, using: &random) == 0,
                    status: ["idle", "busy", nil].randomElement(using: &random)!))
            let events: [PresenceEvent]
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<40:
                let (isNew, joins, _) = model.track(presence)
                let result = tracker.track(presence)
                #expect(result.isNew == isNew)
                events = result.events
                expect(events, match: joins, [])
            case 40..<60:
                let (joins, leaves) = model.update(presence)
                events = tracker.update(presence)
                expect(events, match: joins, leaves)
            case 60..<85:
                let leaves = model.remove(where: { $0.id == id && $0.stream == stream }, reason: PresenceReason.leave)
                events = tracker.untrack(id, from: stream)
                expect(events, match: [], leaves)
            case 85..<93:
                let leaves = model.remove(where: { $0.id == id }, reason: PresenceReason.disconnect)
                events = tracker.untrackAll(session: id)
                expect(events, match: [], leaves)
            case 93..<97:
                let leaves = model.remove(where: { $0.stream == stream }, reason: PresenceReason.leave)
                events = tracker.untrackAll(stream: stream)
                expect(events, match: [], leaves)
            default:
                let leaves = model.remove(where: { $0.id.node == id.node }, reason: PresenceReason.disconnect)
                events = tracker.untrackAll(node: id.node)
                expect(events, match: [], leaves)
            }
            replay(events, onto: &visible)
            let shown = model.presences.filter { !$0.meta.hidden }.map { Key(id: $0.id, stream: $0.stream) }
            #expect(visible == Set(shown))
            if step % 5 == 0 {
                expectQueriesAgree(tracker, model, streams: streams, ids: ids, users: users)
            }
        }
        expectQueriesAgree(tracker, model, streams: streams, ids: ids, users: users)
    }
}
