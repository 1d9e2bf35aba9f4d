/// Bounds of `PeerLinks`: how big a message, how deep a link's queue, how long a handshake may take and
/// how fast a lost peer is redialled.
package struct PeerLinkLimits: Sendable, Equatable {
    /// The largest message payload; a peer announcing a bigger frame loses its link. `send` MUST NOT be
    /// given more.
    package var maxFrameBytes: Int
    /// The most bytes one link may hold unsent (queued this turn plus written but not yet taken by the
    /// kernel); a send beyond it closes the link rather than dropping messages silently.
    package var maxQueuedBytes: Int
    /// Time a new connection has to authenticate before it is closed.
    package var handshakeTimeoutMilliseconds: Int
    /// The first redial of a lost peer waits up to this (at least half of it). MUST be positive.
    package var backoffMinMilliseconds: Int
    /// Redials of a peer that stays down are at most this far apart (at least half of it). MUST be at
    /// least `backoffMinMilliseconds`.
    package var backoffMaxMilliseconds: Int

    package init(
        maxFrameBytes: Int = 16 * 1024 * 1024, maxQueuedBytes: Int = 64 * 1024 * 1024,
        handshakeTimeoutMilliseconds: Int = 2000, backoffMinMilliseconds: Int = 50, backoffMaxMilliseconds: Int = 2000
    ) {
        self.maxFrameBytes = maxFrameBytes
        self.maxQueuedBytes = maxQueuedBytes
        self.handshakeTimeoutMilliseconds = handshakeTimeoutMilliseconds
        self.backoffMinMilliseconds = backoffMinMilliseconds
        self.backoffMaxMilliseconds = backoffMaxMilliseconds
    }
}
