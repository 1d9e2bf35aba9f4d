import ShoalCore
import ShoalPresence
import ShoalProtocol
import ShoalRouting
import ShoalStore

/// Where the hub sends what other nodes must know; absent outside a cluster.
protocol ClusterOutbox: AnyObject {
    /// To every node with an up link.
    func publish(_ message: ClusterMessage)
    func send(_ message: ClusterMessage, to node: String)
}

/// The hub in a cluster: every node tracks every session's presences, so presence lists are cluster-wide
/// and each node announces joins and leaves to its own sessions. A change made here is applied here and
/// published to the other nodes; one received from a node is applied as if it were local; envelopes for
/// sessions elsewhere travel over their node's link.
extension RealtimeHub {
    // MARK: Changes to this node's presences

    func trackLocal(_ presence: Presence) -> (isNew: Bool, events: [PresenceEvent]) {
        let outcome = tracker.track(presence)
        if outcome.isNew { outbox?.publish(.track(presence)) }
        return outcome
    }

    func updateLocal(_ presence: Presence) -> [PresenceEvent] {
        outbox?.publish(.update(presence))
        return tracker.update(presence)
    }

    func untrackLocal(_ id: PresenceID, from stream: PresenceStream) -> [PresenceEvent] {
        guard tracker.get(id, in: stream) != nil else { return [] }
        outbox?.publish(.untrack(sessionID: id.sessionID, stream: stream))
        return tracker.untrack(id, from: stream)
    }

    func untrackLocalSession(_ id: PresenceID) -> [PresenceEvent] {
        outbox?.publish(.sessionClosed(sessionID: id.sessionID))
        return tracker.untrackAll(session: id)
    }

    /// Everyone leaves the stream on every node; as in Nakama, no presence event is sent.
    func closeStreamEverywhere(_ stream: PresenceStream) {
        outbox?.publish(.streamClosed(stream))
        _ = tracker.untrackAll(stream: stream)
    }

    /// This node's presences, sent to a peer whose link just came up.
    var localPresences: [Presence] { tracker.presences(onNode: nodeName) }

    // MARK: What other nodes tell this one

    func apply(_ message: ClusterMessage, from node: String) {
        switch message {
        case .presenceSync(let part, let isLast):
            pendingSyncs[node, default: []] += part
            guard isLast else { return }
            let snapshot = pendingSyncs.removeValue(forKey: node) ?? []
            broadcast(tracker.replace(node: node, with: snapshot))
            for presence in snapshot where presence.stream.mode == PresenceStream.modeNotifications {
                closeOlderLocalSockets(than: presence)
            }
        case .track(let presence):
            broadcast(tracker.track(presence).events)
            if presence.stream.mode == PresenceStream.modeNotifications { closeOlderLocalSockets(than: presence) }
        case .update(let presence):
            broadcast(tracker.update(presence))
        case .untrack(let session, let stream):
            broadcast(tracker.untrack(PresenceID(node: node, sessionID: session), from: stream))
        case .sessionClosed(let session):
            broadcast(tracker.untrackAll(session: PresenceID(node: node, sessionID: session)))
        case .streamClosed(let stream):
            _ = tracker.untrackAll(stream: stream)
        case .deliver(let text, let targets):
            let frame = WebSocketSession.textFrame(text)
            for id in targets { sessions[id]?.sendFrame(frame) }
        case .closeSessions(let targets, let reason):
            for id in targets { sessions[id]?.close(.normal, reason) }
        case .sessionsRevoked(let revocations):
            api.revocations.apply(revocations.compactMap(RealtimeHub.change))
        }
    }

    /// A link went down: a sync it was carrying is incomplete; the next link up brings a whole one.
    func linkDown(_ node: String) {
        pendingSyncs[node] = nil
    }

    /// A node died or left: its sessions leave every stream, and this node's sessions see them go.
    func nodeGone(_ node: String) {
        pendingSyncs[node] = nil
        broadcast(tracker.untrackAll(node: node))
    }

    // MARK: Delivery

    /// Sends an encoded envelope to sessions anywhere in the cluster: this node's at once, the others'
    /// in one message per node.
    func deliver(_ text: String, to targets: [PresenceID]) {
        var frame: [UInt8]?
        var remote: [String: [String]] = [:]
        for id in targets {
            if id.node == nodeName {
                guard let session = sessions[id.sessionID] else { continue }
                let bytes = frame ?? WebSocketSession.textFrame(text)
                frame = bytes
                session.sendFrame(bytes)
            } else {
                remote[id.node, default: []].append(id.sessionID)
            }
        }
        for (node, sessionIDs) in remote { outbox?.send(.deliver(text: text, sessionIDs: sessionIDs), to: node) }
    }

    // MARK: One socket per user

    /// `session.single_socket` for a socket that connected here: every other socket of its user closes,
    /// wherever it is.
    func closeOtherSockets(of user: UserID, keeping newcomer: String) {
        var remote: [String: [String]] = [:]
        for id in tracker.sessions(ofUser: user.description, in: RealtimeHub.notificationStream(user.description))
        where id.sessionID != newcomer {
            if id.node == nodeName {
                sessions[id.sessionID]?.close(.normal, RealtimeHub.singleSocketReason)
            } else {
                remote[id.node, default: []].append(id.sessionID)
            }
        }
        for (node, targets) in remote {
            outbox?.send(.closeSessions(targets, reason: RealtimeHub.singleSocketReason), to: node)
        }
    }

    /// `session.single_socket` for a socket that connected on another node. When two sockets of one user
    /// connect on two nodes at once neither node knew of the other's, so both apply one tie-break: the
    /// socket with the smaller session id closes.
    private func closeOlderLocalSockets(than remote: Presence) {
        guard singleSocket else { return }
        let user = remote.meta.userID
        for id in tracker.sessions(ofUser: user, in: RealtimeHub.notificationStream(user))
        where id.node == nodeName && id.sessionID < remote.id.sessionID {
            sessions[id.sessionID]?.close(.normal, RealtimeHub.singleSocketReason)
        }
    }

    /// A revocation from the wire as the cache stores it; nil for an id that is not one.
    static func change(_ revocation: Revocation) -> SessionStore.Change? {
        switch revocation {
        case .token(let id, let expiresAt):
            return TokenID(id).map { .tokenRevoked($0, expiresAt: expiresAt) }
        case .userFloor(let userID, let notBefore):
            return UserID(userID).map { .userFloor($0, notBefore: notBefore) }
        }
    }

    /// This node's revocations as they go on the wire.
    static func revocation(_ change: SessionStore.Change) -> Revocation {
        switch change {
        case .tokenRevoked(let token, let expiresAt): return .token(id: token.description, expiresAt: expiresAt)
        case .userFloor(let user, let notBefore): return .userFloor(userID: user.description, notBefore: notBefore)
        }
    }

    static let singleSocketReason = "single socket: a newer socket of this user connected"

    /// Every session's hidden presence on its user's notification stream: how any node finds a user's sockets.
    static func notificationStream(_ userID: String) -> PresenceStream {
        PresenceStream(mode: PresenceStream.modeNotifications, subject: userID)
    }
}
