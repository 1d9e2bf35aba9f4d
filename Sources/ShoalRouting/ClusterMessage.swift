import ShoalPresence

/// What one node tells another over their link so that realtime works across the cluster: its sessions'
/// presence changes (every node keeps the whole cluster's presences), envelopes for sessions the
/// receiver holds, and sessions the receiver must close.
///
/// Presences carry the sender as their node: a receiver never takes a node name from the wire.
package enum ClusterMessage: Equatable, Sendable {
    /// One part of the sender's presences, sent when a link comes up; the parts end with `isLast`, and
    /// together they replace everything the receiver held for the sender.
    case presenceSync([Presence], isLast: Bool)
    case track(Presence)
    case update(Presence)
    case untrack(sessionID: String, stream: PresenceStream)
    /// A session of the sender closed: it leaves every stream, with Nakama's `disconnect` reason.
    case sessionClosed(sessionID: String)
    /// Everyone on the stream leaves it, on every node (`nk.stream_close`).
    case streamClosed(PresenceStream)
    /// An encoded envelope for these sessions of the receiver.
    case deliver(text: String, sessionIDs: [String])
    /// Close these sessions of the receiver (a newer socket of their user connected elsewhere).
    case closeSessions([String], reason: String)
    /// Sessions the sender revoked (logout, account deletion): the receiver refuses them at once rather
    /// than at its next database poll.
    case sessionsRevoked([Revocation])
}

/// One revocation as the session store records it.
package enum Revocation: Equatable, Sendable {
    /// One token id, refused until it would have expired anyway (unix seconds).
    case token(id: String, expiresAt: Int64)
    /// Every token of the user issued at or before `notBefore` (unix seconds).
    case userFloor(userID: String, notBefore: Int64)
}
