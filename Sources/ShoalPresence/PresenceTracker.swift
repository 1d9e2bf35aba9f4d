/// Knows which sessions, on which nodes, are on which streams, and turns each change into the join and
/// leave events the stream's members must see; it is the one routing table behind every realtime
/// feature, as Nakama's tracker is.
///
/// A value with no I/O: the shell owning it (one per node, on its loop) applies local changes and,
/// in a cluster, remote nodes' changes, then delivers the returned events. It holds at most one
/// presence per (`PresenceID`, `PresenceStream`). Hidden presences are tracked, counted and found by
/// the user and session queries, but never appear in events. Listings come out in the order the
/// presences (or a session's streams) were first tracked; an update keeps the position.
///
/// The tracker stamps `PresenceMeta.reason` with Nakama's values: `join` on a tracked presence,
/// `update` on both sides of an update, `leave` on an untrack, and the caller's reason on a bulk
/// untrack. Every operation costs O(1) amortised per presence it adds, changes or removes; queries
/// cost O(1) or O(size of the answer).
package struct PresenceTracker: Sendable {
    private struct UserStream: Hashable, Sendable {
        var userID: String
        var stream: PresenceStream
    }

    private var byStream: [PresenceStream: OrderedTable<PresenceID, PresenceMeta>] = [:]
    private var bySession: [PresenceID: OrderedTable<PresenceStream, Void>] = [:]
    private var byNode: [String: OrderedTable<PresenceID, Void>] = [:]
    private var byUser: [UserStream: OrderedTable<PresenceID, Void>] = [:]

    /// How many presences are tracked, hidden ones included.
    package private(set) var totalCount = 0

    package init() {}

    // MARK: - Changes

    /// Tracks a session on a stream. A presence already tracked for the same session and stream is
    /// left as it was (its meta is not replaced) and yields `isNew == false` and no event; otherwise
    /// the presence is stored and, unless hidden, announced as a join.
    package mutating func track(_ presence: Presence) -> (isNew: Bool, events: [PresenceEvent]) {
        guard get(presence.id, in: presence.stream) == nil else { return (false, []) }
        var stored = presence
        stored.meta.reason = PresenceReason.join
        insert(stored)
        var batch = PresenceEventBatch()
        batch.join(stored)
        return (true, batch.result)
    }

    /// Replaces a presence's meta, tracking it if it was not tracked. As in Nakama, the change is one
    /// event that lists the old presence as a leave and the new one as a join, each only if not hidden.
    package mutating func update(_ presence: Presence) -> [PresenceEvent] {
        var batch = PresenceEventBatch()
        update(presence, into: &batch)
        return batch.result
    }

    private mutating func update(_ presence: Presence, into batch: inout PresenceEventBatch) {
        var stored = presence
        stored.meta.reason = PresenceReason.update
        if var previous = byStream[presence.stream]?[presence.id] {
            byStream[presence.stream]?.updateValue(stored.meta, forKey: presence.id)
            if previous.userID != stored.meta.userID {
                removeUserEntry(presence.id, user: previous.userID, stream: presence.stream)
                byUser[UserStream(userID: stored.meta.userID, stream: presence.stream), default: OrderedTable()]
                    .updateValue((), forKey: presence.id)
            }
            previous.reason = PresenceReason.update
            batch.leave(Presence(id: presence.id, stream: presence.stream, meta: previous))
        } else {
            insert(stored)
        }
        batch.join(stored)
    }

    /// Makes `snapshot` the whole of what is tracked for `node`'s sessions, as when a peer node sends
    /// its presences after its link (re)connects: presences missing from the snapshot leave with
    /// `disconnect`, new ones join, and ones whose meta changed are updated. One event per stream.
    /// Presences of the snapshot that belong to another node are ignored.
    package mutating func replace(node: String, with snapshot: [Presence]) -> [PresenceEvent] {
        var batch = PresenceEventBatch()
        var wanted: [PresenceID: [PresenceStream: PresenceMeta]] = [:]
        for presence in snapshot where presence.id.node == node {
            wanted[presence.id, default: [:]][presence.stream] = presence.meta
        }
        for existing in presences(onNode: node) where wanted[existing.id]?[existing.stream] == nil {
            guard var meta = remove(existing.id, from: existing.stream) else { continue }
            meta.reason = PresenceReason.disconnect
            batch.leave(Presence(id: existing.id, stream: existing.stream, meta: meta))
        }
        for presence in snapshot where presence.id.node == node {
            guard var current = byStream[presence.stream]?[presence.id] else {
                var stored = presence
                stored.meta.reason = PresenceReason.join
                insert(stored)
                batch.join(stored)
                continue
            }
            current.reason = presence.meta.reason
            if current != presence.meta { update(presence, into: &batch) }
        }
        return batch.result
    }

    /// Stops tracking a session on a stream; a presence that was not hidden is announced as a leave.
    package mutating func untrack(_ id: PresenceID, from stream: PresenceStream) -> [PresenceEvent] {
        guard var meta = remove(id, from: stream) else { return [] }
        meta.reason = PresenceReason.leave
        var batch = PresenceEventBatch()
        batch.leave(Presence(id: id, stream: stream, meta: meta))
        return batch.result
    }

    /// Stops tracking a session everywhere, as when its socket closes: one leave event per stream it
    /// was visible on, in the order the session joined them.
    package mutating func untrackAll(
        session id: PresenceID, reason: UInt8 = PresenceReason.disconnect
    ) -> [PresenceEvent] {
        var batch = PresenceEventBatch()
        removeSession(id, reason: reason, into: &batch)
        return batch.result
    }

    /// Stops tracking every session on a node, as when the node leaves the cluster: one leave event
    /// per affected stream, listing all of that stream's presences from the node.
    package mutating func untrackAll(node: String, reason: UInt8 = PresenceReason.disconnect) -> [PresenceEvent] {
        guard let sessions = byNode[node]?.keys else { return [] }
        var batch = PresenceEventBatch()
        for id in sessions {
            removeSession(id, reason: reason, into: &batch)
        }
        return batch.result
    }

    /// Stops tracking everyone on a stream, as when a match ends or a party closes. The returned event
    /// lists who left; Nakama sends no presence event when a stream closes, so a shell that mimics it
    /// uses the event only for its own bookkeeping.
    package mutating func untrackAll(stream: PresenceStream, reason: UInt8 = PresenceReason.leave) -> [PresenceEvent] {
        guard let members = byStream.removeValue(forKey: stream) else { return [] }
        var batch = PresenceEventBatch()
        for (id, var meta) in members.elements {
            removeSessionEntry(id, stream: stream)
            removeUserEntry(id, user: meta.userID, stream: stream)
            totalCount -= 1
            meta.reason = reason
            batch.leave(Presence(id: id, stream: stream, meta: meta))
        }
        return batch.result
    }

    // MARK: - Queries

    /// The presences on a stream in the order they were tracked; hidden ones only when asked for.
    package func presences(in stream: PresenceStream, includeHidden: Bool = false) -> [Presence] {
        guard let members = byStream[stream] else { return [] }
        return members.elements.compactMap { id, meta in
            includeHidden || !meta.hidden ? Presence(id: id, stream: stream, meta: meta) : nil
        }
    }

    /// How many presences a stream has, hidden ones included (as Nakama's `CountByStream`).
    package func count(in stream: PresenceStream) -> Int {
        byStream[stream]?.count ?? 0
    }

    /// The streams a session is on, in the order it joined them.
    package func streams(of session: PresenceID) -> [PresenceStream] {
        bySession[session]?.keys ?? []
    }

    /// Every presence of `node`'s sessions, hidden ones included: sessions in the order they were first
    /// tracked, each session's streams in the order it joined them.
    package func presences(onNode node: String) -> [Presence] {
        guard let sessions = byNode[node] else { return [] }
        var result: [Presence] = []
        for id in sessions.keys {
            for stream in streams(of: id) {
                if let meta = byStream[stream]?[id] { result.append(Presence(id: id, stream: stream, meta: meta)) }
            }
        }
        return result
    }

    package func get(_ id: PresenceID, in stream: PresenceStream) -> Presence? {
        guard let meta = byStream[stream]?[id] else { return nil }
        return Presence(id: id, stream: stream, meta: meta)
    }

    /// The sessions of a user on a stream, hidden ones included, in the order they were tracked.
    package func sessions(ofUser userID: String, in stream: PresenceStream) -> [PresenceID] {
        byUser[UserStream(userID: userID, stream: stream)]?.keys ?? []
    }

    /// Whether any session of the user is on the stream, hidden or not (e.g. online means a presence
    /// on the user's status stream).
    package func isTracked(user userID: String, in stream: PresenceStream) -> Bool {
        byUser[UserStream(userID: userID, stream: stream)] != nil
    }

    // MARK: - Indexes

    private mutating func insert(_ presence: Presence) {
        let id = presence.id
        byStream[presence.stream, default: OrderedTable()].updateValue(presence.meta, forKey: id)
        if bySession[id] == nil {
            byNode[id.node, default: OrderedTable()].updateValue((), forKey: id)
        }
        bySession[id, default: OrderedTable()].updateValue((), forKey: presence.stream)
        byUser[UserStream(userID: presence.meta.userID, stream: presence.stream), default: OrderedTable()]
            .updateValue((), forKey: id)
        totalCount += 1
    }

    private mutating func remove(_ id: PresenceID, from stream: PresenceStream) -> PresenceMeta? {
        guard let meta = byStream[stream]?.removeValue(forKey: id) else { return nil }
        if byStream[stream]?.isEmpty == true {
            byStream[stream] = nil
        }
        removeSessionEntry(id, stream: stream)
        removeUserEntry(id, user: meta.userID, stream: stream)
        totalCount -= 1
        return meta
    }

    private mutating func removeSession(_ id: PresenceID, reason: UInt8, into batch: inout PresenceEventBatch) {
        for stream in streams(of: id) {
            guard var meta = remove(id, from: stream) else { continue }
            meta.reason = reason
            batch.leave(Presence(id: id, stream: stream, meta: meta))
        }
    }

    private mutating func removeSessionEntry(_ id: PresenceID, stream: PresenceStream) {
        bySession[id]?.removeValue(forKey: stream)
        guard bySession[id]?.isEmpty == true else { return }
        bySession[id] = nil
        byNode[id.node]?.removeValue(forKey: id)
        if byNode[id.node]?.isEmpty == true {
            byNode[id.node] = nil
        }
    }

    private mutating func removeUserEntry(_ id: PresenceID, user userID: String, stream: PresenceStream) {
        let key = UserStream(userID: userID, stream: stream)
        byUser[key]?.removeValue(forKey: id)
        if byUser[key]?.isEmpty == true {
            byUser[key] = nil
        }
    }
}
