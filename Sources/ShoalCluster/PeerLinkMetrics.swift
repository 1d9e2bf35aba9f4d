/// A snapshot of `PeerLinks`' figures for monitoring; counters run from the links' creation.
package struct PeerLinkMetrics: Sendable, Equatable {
    /// Peers with an up link.
    package var linksUp = 0
    /// Bytes not yet taken by the kernel, summed over the up links.
    package var queuedBytes = 0
    /// The largest such queue of a single up link (compare with `PeerLinkLimits.maxQueuedBytes`).
    package var maxQueuedBytes = 0
    /// Bytes written to and read from peer connections, framing and handshakes included.
    package var sentBytes = 0
    package var receivedBytes = 0
    /// Messages queued by `send`/`broadcast` (one per link) and delivered to `onMessage`.
    package var sentMessages = 0
    package var receivedMessages = 0
    /// Links that came up again for a peer that had been linked before.
    package var reconnects = 0
    /// Connections closed before authentication: wrong key, bad proof, garbage, own name, a peer this
    /// node does not want, or no handshake in time.
    package var refusedHandshakes = 0
    /// Links closed because their queue would have exceeded `PeerLinkLimits.maxQueuedBytes`.
    package var overflows = 0
    /// Links closed because the peer announced a frame over `PeerLinkLimits.maxFrameBytes`.
    package var oversizeFrames = 0

    package init() {}
}
