import ShoalPresence
import Testing

/// A node's presences as another node sees them: snapshots taken with `presences(onNode:)` and applied
/// with `replace(node:with:)` after a link (re)connects.
@Suite struct PresenceTrackerReplicationTests {
    let room = PresenceStream(mode: PresenceStream.modeChannel, label: "lobby")
    let match = PresenceStream(mode: PresenceStream.modeMatchRelayed, subject: "m1")

    @Test func aNodeSnapshotListsOnlyThatNodeInJoinOrder() {
        var tracker = PresenceTracker()
        let a1 = presence("s1", node: "a", on: room)
        let b1 = presence("s2", node: "b", on: room, user: "u2")
        let a1Match = presence("s1", node: "a", on: match)
        let a3 = presence("s3", node: "a", on: match, user: "u3")
        for item in [a1, b1, a1Match, a3] { _ = tracker.track(item) }
        #expect(tracker.presences(onNode: "a").map { [$0.id.sessionID, $0.stream.label + $0.stream.subject] } == [
            ["s1", "lobby"], ["s1", "m1"], ["s3", "m1"],
        ])
        #expect(tracker.presences(onNode: "b") == [stamped(b1, PresenceReason.join)])
        #expect(tracker.presences(onNode: "c").isEmpty)
    }

    @Test func replaceJoinsTheNewLeavesTheMissingAndUpdatesTheChanged() {
        var tracker = PresenceTracker()
        let stays = presence("s1", node: "b", on: room)
        let goes = presence("s2", node: "b", on: room, user: "u2")
        let changes = presence("s3", node: "b", on: match, user: "u3", status: "old")
        let local = presence("s9", node: "a", on: room, user: "u9")
        for item in [stays, goes, changes, local] { _ = tracker.track(item) }

        let arrives = presence("s4", node: "b", on: room, user: "u4")
        let changed = presence("s3", node: "b", on: match, user: "u3", status: "new")
        let events = tracker.replace(node: "b", with: [stays, changed, arrives])

        #expect(events == [
            PresenceEvent(
                stream: room, joins: [stamped(arrives, PresenceReason.join)], leaves: [stamped(goes, PresenceReason.disconnect)]),
            PresenceEvent(
                stream: match, joins: [stamped(changed, PresenceReason.update)],
                leaves: [stamped(changes, PresenceReason.update)]),
        ])
        #expect(tracker.presences(in: room).map(\.id.sessionID) == ["s1", "s9", "s4"])
        #expect(tracker.get(changed.id, in: match)?.meta.status == "new")
        // The other node's presences are untouched; so is the count of the unchanged one.
        #expect(tracker.presences(onNode: "a").map(\.id.sessionID) == ["s9"])
        #expect(tracker.totalCount == 4)
    }

    @Test func replacingWithTheSameSnapshotChangesNothing() {
        var tracker = PresenceTracker()
        let one = presence("s1", node: "b", on: room)
        _ = tracker.track(one)
        let snapshot = tracker.presences(onNode: "b")
        #expect(tracker.replace(node: "b", with: snapshot).isEmpty)
        #expect(tracker.replace(node: "b", with: [one]).isEmpty)
        #expect(tracker.totalCount == 1)
    }

    @Test func anEmptySnapshotIsEveryoneOfThatNodeLeaving() {
        var tracker = PresenceTracker()
        _ = tracker.track(presence("s1", node: "b", on: room))
        _ = tracker.track(presence("s1", node: "b", on: match))
        let events = tracker.replace(node: "b", with: [])
        #expect(events.map(\.stream) == [room, match])
        #expect(events.allSatisfy { $0.leaves.first?.meta.reason == PresenceReason.disconnect })
        #expect(tracker.totalCount == 0)
        #expect(tracker.streams(of: PresenceID(node: "b", sessionID: "s1")).isEmpty)
    }

    @Test func snapshotEntriesOfOtherNodesAreIgnored() {
        var tracker = PresenceTracker()
        let foreign = presence("s1", node: "c", on: room)
        #expect(tracker.replace(node: "b", with: [foreign]).isEmpty)
        #expect(tracker.totalCount == 0)
    }
}
