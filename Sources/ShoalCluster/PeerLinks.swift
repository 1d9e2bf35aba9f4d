import ShoalLog
import ShoalLoop

/// Authenticated, framed TCP links to the other nodes of the cluster: one connection per pair of nodes,
/// messages batched per loop turn, bounded send queues, redial with back-off. Loop-confined.
///
/// Contract:
/// - Every member MUST be used on the loop's thread; callbacks run there too.
/// - A link comes up only when both nodes want it (`connect`): the node whose name sorts lower dials,
///   and an authenticated dial from a peer this node does not want is refused (the dialler retries).
/// - For each peer, `onLinkUp` and `onLinkDown` alternate, starting with `onLinkUp`. A link that replaces
///   an up one (the peer restarted) gives `onLinkDown` for the old link first.
/// - `onMessage` delivers a peer's messages in the order it sent them, only while its link is up.
/// - After `close()` no callback runs.
package final class PeerLinks {
    let loop: Loop
    let name: String
    let key: [UInt8]
    let logger: Logger
    package let limits: PeerLinkLimits
    let backoff: Backoff
    /// The bound TCP port.
    package let port: Int
    var listener: TCPListener?
    /// Peers this node wants a link to, from `connect` until `disconnect`.
    var wanted: [String: WantedPeer] = [:]
    /// The up link of each linked peer.
    var links: [String: PeerConnection] = [:]
    /// Every connection not yet dropped, up or in its handshake, so `close()` finds them all.
    var connections: [ObjectIdentifier: PeerConnection] = [:]
    /// Links with frames queued this turn, in the order they were first queued to.
    var unflushed: [PeerConnection] = []
    var flushScheduled = false
    var isClosed = false
    var counters = PeerLinkMetrics()

    /// Called on the loop for each message a linked peer sent, in the order it sent them.
    package var onMessage: ((_ peer: String, _ payload: [UInt8]) -> Void)?
    /// Called on the loop when an authenticated link to `peer` is up (whichever side dialled); after a
    /// reconnect it is called again (the user resynchronises state then).
    package var onLinkUp: ((_ peer: String) -> Void)?
    /// Called on the loop when an up link to `peer` is lost or closed.
    package var onLinkDown: ((_ peer: String) -> Void)?

    /// Listens for peers on TCP `bindHost:port` (0 picks a port). `name` is this node's name, `key` the
    /// shared cluster.key. MUST be called on the loop thread; throws the bind error (e.g. `EADDRINUSE`).
    package init(
        loop: Loop, name: String, key: String, bindHost: String, port: Int, logger: Logger,
        limits: PeerLinkLimits = PeerLinkLimits()
    ) throws {
        self.loop = loop
        self.name = name
        self.key = Array(key.utf8)
        self.logger = logger
        self.limits = limits
        backoff = Backoff(minimumMilliseconds: limits.backoffMinMilliseconds, maximumMilliseconds: limits.backoffMaxMilliseconds)
        var accepted: ((TCPConnection) -> Void)?
        let listener = try TCPListener.listen(on: loop, host: bindHost, port: port) { accepted?($0) }
        self.listener = listener
        self.port = listener.port
        accepted = { [weak self] tcp in
            guard let self, !self.isClosed else { return tcp.abort() }
            self.start(PeerConnection(tcp: tcp, dialledPeer: nil, name: self.name, key: self.key))
        }
    }

    /// Wants a link to `peer` reachable at host:port (TCP). Idempotent; a changed address replaces the old one
    /// (when this node dials, the current link or dial is dropped and the new address dialled at once).
    /// The node whose name sorts lower dials (and redials with back-off while the peer is wanted); the other
    /// waits to be dialled. `peer` MUST differ from this node's name.
    package func connect(to peer: String, host: String, port: Int) {
        assert(loop.inLoopThread)
        precondition(peer != name, "a node cannot link to itself")
        guard !isClosed else { return }
        guard let known = wanted[peer] else {
            let known = WantedPeer(host: host, port: port)
            wanted[peer] = known
            if dials(peer) { dial(peer, known) }
            return
        }
        guard known.host != host || known.port != port else { return }
        known.host = host
        known.port = port
        guard dials(peer) else { return }
        known.attempt = 0
        stopDialling(peer, known, reason: "peer address changed")
        // onLinkDown may have called back into this object.
        if !isClosed, wanted[peer] === known, known.connection == nil { dial(peer, known) }
    }

    /// Stops wanting `peer`: closes its link (onLinkDown fires if it was up) and stops redialling.
    package func disconnect(from peer: String) {
        assert(loop.inLoopThread)
        guard let known = wanted.removeValue(forKey: peer) else { return }
        stopDialling(peer, known, reason: "disconnected")
        if let link = links[peer] { drop(link, reason: "disconnected", flush: true) }
    }

    /// Queues one message for `peer`; all messages queued in one loop turn go out in one write at the end of the turn.
    /// Returns false (and queues nothing) when no link to `peer` is up. When the queue of a link would exceed
    /// `limits.maxQueuedBytes` the link is closed (counted, logged, onLinkDown) instead of dropping silently; it
    /// is redialled, and false is returned. `payload` MUST be at most `limits.maxFrameBytes`.
    @discardableResult package func send(_ payload: [UInt8], to peer: String) -> Bool {
        assert(loop.inLoopThread)
        guard let link = links[peer] else { return false }
        return enqueue(payload, on: link)
    }

    /// Same payload to every up link (each one's queue limit applies as in `send`).
    package func broadcast(_ payload: [UInt8]) {
        assert(loop.inLoopThread)
        for link in Array(links.values) { enqueue(payload, on: link) }
    }

    /// Peers with an up link, sorted.
    package var linkedPeers: [String] { links.keys.sorted() }

    package var metrics: PeerLinkMetrics {
        var metrics = counters
        metrics.linksUp = links.count
        for link in links.values {
            metrics.queuedBytes += link.queuedBytes
            metrics.maxQueuedBytes = max(metrics.maxQueuedBytes, link.queuedBytes)
        }
        return metrics
    }

    /// Closes the listener, every link (flushing what was queued) and every timer; no callback runs afterwards.
    package func close() {
        assert(loop.inLoopThread)
        guard !isClosed else { return }
        isClosed = true
        onMessage = nil
        onLinkUp = nil
        onLinkDown = nil
        listener?.close()
        listener = nil
        let peers = wanted
        wanted = [:]
        for (peer, known) in peers { stopDialling(peer, known, reason: "closed") }
        for connection in Array(connections.values) { drop(connection, reason: "closed", flush: true) }
        unflushed = []
    }
}
