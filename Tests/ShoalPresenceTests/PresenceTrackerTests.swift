import ShoalPresence
import Testing

/// Event scripts: each operation's effect on the tracker's queries and the events it returns.
@Suite struct PresenceTrackerTests {
    let room = PresenceStream(mode: PresenceStream.modeChannel, label: "lobby")
    let match = PresenceStream(mode: PresenceStream.modeMatchAuthoritative, subject: "m1", label: "a")
    let status = PresenceStream(mode: PresenceStream.modeStatus, subject: "u1")

    @Test func trackAnnouncesAJoinOnce() {
        var tracker = PresenceTracker()
        let alice = presence("s1", on: room)
        let first = tracker.track(alice)
        #expect(first.isNew)
        #expect(first.events == [PresenceEvent(stream: room, joins: [stamped(alice, PresenceReason.join)])])

        let again = tracker.track(presence("s1", on: room, status: "changed"))
        #expect(!again.isNew)
        #expect(again.events.isEmpty)
        #expect(tracker.get(alice.id, in: room) == stamped(alice, PresenceReason.join))
        #expect(tracker.count(in: room) == 1)
        #expect(tracker.totalCount == 1)
    }

    @Test func hiddenPresencesAreTrackedButNeverAnnounced() {
        var tracker = PresenceTracker()
        let ghost = presence("s1", on: room, hidden: true)
        let visible = presence("s2", on: room, user: "u2")
        let tracked = tracker.track(ghost)
        #expect(tracked.isNew)
        #expect(tracked.events.isEmpty)
        _ = tracker.track(visible)

        #expect(tracker.presences(in: room) == [stamped(visible, PresenceReason.join)])
        #expect(tracker.presences(in: room, includeHidden: true).map(\.id) == [ghost.id, visible.id])
        #expect(tracker.count(in: room) == 2)
        #expect(tracker.isTracked(user: "u1", in: room))
        #expect(tracker.sessions(ofUser: "u1", in: room) == [ghost.id])
        #expect(tracker.untrack(ghost.id, from: room).isEmpty)
        #expect(tracker.count(in: room) == 1)
    }

    @Test func updateIsALeaveOfTheOldAndAJoinOfTheNewInOneEvent() {
        var tracker = PresenceTracker()
        let first = presence("s1", on: status, status: "idle")
        let second = presence("s2", on: status)
        _ = tracker.track(first)
        _ = tracker.track(second)

        let changed = presence("s1", on: status, status: "playing")
        let events = tracker.update(changed)
        #expect(events == [
            PresenceEvent(
                stream: status, joins: [stamped(changed, PresenceReason.update)],
                leaves: [stamped(first, PresenceReason.update)]),
        ])
        #expect(tracker.presences(in: status).map(\.meta.status) == ["playing", nil])
        #expect(tracker.count(in: status) == 2)
        #expect(tracker.totalCount == 2)
    }

    @Test func updateRespectsHiddenOnEachSide() {
        var tracker = PresenceTracker()
        let shown = presence("s1", on: status)
        let hidden = presence("s1", on: status, hidden: true)

        let joined = [PresenceEvent(stream: status, joins: [stamped(shown, PresenceReason.update)])]
        let left = [PresenceEvent(stream: status, leaves: [stamped(shown, PresenceReason.update)])]

        #expect(tracker.update(shown) == joined)
        #expect(tracker.totalCount == 1)
        #expect(tracker.update(hidden) == left)
        #expect(tracker.update(hidden).isEmpty)
        #expect(tracker.update(shown) == joined)
        #expect(tracker.totalCount == 1)
    }

    @Test func updateThatChangesTheUserMovesTheUserIndex() {
        var tracker = PresenceTracker()
        _ = tracker.track(presence("s1", on: room, user: "u1"))
        _ = tracker.update(presence("s1", on: room, user: "u2"))
        #expect(!tracker.isTracked(user: "u1", in: room))
        #expect(tracker.sessions(ofUser: "u1", in: room).isEmpty)
        #expect(tracker.sessions(ofUser: "u2", in: room) == [PresenceID(node: "a", sessionID: "s1")])
    }

    @Test func untrackAnnouncesALeaveAndForgetsThePresence() {
        var tracker = PresenceTracker()
        let alice = presence("s1", on: room)
        _ = tracker.track(alice)
        _ = tracker.track(presence("s1", on: match))

        #expect(
            tracker.untrack(alice.id, from: room)
                == [PresenceEvent(stream: room, leaves: [stamped(alice, PresenceReason.leave)])])
        #expect(tracker.untrack(alice.id, from: room).isEmpty)
        #expect(tracker.get(alice.id, in: room) == nil)
        #expect(tracker.streams(of: alice.id) == [match])
        #expect(!tracker.isTracked(user: "u1", in: room))
        #expect(tracker.presences(in: room).isEmpty)
        #expect(tracker.totalCount == 1)
    }

    @Test func untrackAllForASessionLeavesEveryStreamInJoinOrder() {
        var tracker = PresenceTracker()
        let inRoom = presence("s1", on: room)
        let inMatch = presence("s1", on: match)
        let inStatus = presence("s1", on: status, hidden: true)
        let other = presence("s2", on: room, user: "u2")
        for item in [inMatch, inStatus, inRoom, other] {
            _ = tracker.track(item)
        }

        let events = tracker.untrackAll(session: inRoom.id)
        #expect(events == [
            PresenceEvent(stream: match, leaves: [stamped(inMatch, PresenceReason.disconnect)]),
            PresenceEvent(stream: room, leaves: [stamped(inRoom, PresenceReason.disconnect)]),
        ])
        #expect(tracker.streams(of: inRoom.id).isEmpty)
        #expect(tracker.presences(in: room).map(\.id) == [other.id])
        #expect(tracker.count(in: status) == 0)
        #expect(tracker.totalCount == 1)
        #expect(tracker.untrackAll(session: inRoom.id).isEmpty)
    }

    @Test func untrackAllForANodeMergesLeavesPerStream() {
        var tracker = PresenceTracker()
        let a1 = presence("s1", node: "a", on: match)
        let b1 = presence("s2", node: "b", on: match, user: "u2")
        let b2 = presence("s3", node: "b", on: match, user: "u3")
        let b2Room = presence("s3", node: "b", on: room, user: "u3")
        for item in [a1, b1, b2, b2Room] {
            _ = tracker.track(item)
        }

        let events = tracker.untrackAll(node: "b", reason: PresenceReason.disconnect)
        #expect(events == [
            PresenceEvent(
                stream: match,
                leaves: [stamped(b1, PresenceReason.disconnect), stamped(b2, PresenceReason.disconnect)]),
            PresenceEvent(stream: room, leaves: [stamped(b2Room, PresenceReason.disconnect)]),
        ])
        #expect(tracker.presences(in: match).map(\.id) == [a1.id])
        #expect(tracker.count(in: room) == 0)
        #expect(tracker.totalCount == 1)
        #expect(tracker.untrackAll(node: "b").isEmpty)
    }

    @Test func untrackAllForAStreamLeavesSessionsOnTheirOtherStreams() {
        var tracker = PresenceTracker()
        let first = presence("s1", on: match)
        let second = presence("s2", on: match, user: "u2")
        let hidden = presence("s3", on: match, user: "u3", hidden: true)
        for item in [first, second, hidden, presence("s1", on: room)] {
            _ = tracker.track(item)
        }

        #expect(tracker.untrackAll(stream: match) == [
            PresenceEvent(
                stream: match, leaves: [stamped(first, PresenceReason.leave), stamped(second, PresenceReason.leave)]),
        ])
        #expect(tracker.count(in: match) == 0)
        #expect(tracker.streams(of: first.id) == [room])
        #expect(tracker.streams(of: hidden.id).isEmpty)
        #expect(!tracker.isTracked(user: "u2", in: match))
        #expect(tracker.totalCount == 1)
        #expect(tracker.untrackAll(stream: match).isEmpty)
    }

    @Test func userQueriesSeeEverySessionOfTheUser() {
        var tracker = PresenceTracker()
        let phone = presence("phone", on: status)
        let laptop = presence("laptop", node: "b", on: status)
        _ = tracker.track(phone)
        _ = tracker.track(laptop)
        #expect(tracker.sessions(ofUser: "u1", in: status) == [phone.id, laptop.id])
        _ = tracker.untrackAll(session: phone.id)
        #expect(tracker.isTracked(user: "u1", in: status))
        _ = tracker.untrackAll(node: "b")
        #expect(!tracker.isTracked(user: "u1", in: status))
        #expect(tracker.sessions(ofUser: "u1", in: status).isEmpty)
    }

    @Test func listingsKeepTrackOrderThroughManyRemovals() {
        var tracker = PresenceTracker()
        for index in 0..<100 {
            _ = tracker.track(presence("s\(index)", on: room, user: "u\(index)"))
        }
        for index in stride(from: 0, to: 100, by: 3) {
            _ = tracker.untrack(PresenceID(node: "a", sessionID: "s\(index)"), from: room)
        }
        _ = tracker.update(presence("s50", on: room, user: "u50", status: "away"))
        let expected = (0..<100).filter { $0 % 3 != 0 }.map { "s\($0)" }
        #expect(tracker.presences(in: room).map(\.id.sessionID) == expected)
        #expect(tracker.get(PresenceID(node: "a", sessionID: "s50"), in: room)?.meta.status == "away")
        #expect(tracker.count(in: room) == expected.count)
    }
}
