import ShoalLoop

/// The connection side of `PeerLinks`: handshakes, reading frames, queueing and flushing messages, and
/// letting go of a connection, whoever dialled it.
extension PeerLinks {
    /// An emptied outbox keeps its capacity up to this, so one large message does not pin its memory.
    static let retainedOutboxCapacity = 64 * 1024

    /// Takes a freshly opened connection into its handshake, bounded by the handshake timeout.
    func start(_ connection: PeerConnection) {
        connections[ObjectIdentifier(connection)] = connection
        connection.tcp.onRead = { [weak self] bytes in self?.received(bytes, on: connection) }
        connection.tcp.onClose = { [weak self] in self?.drop(connection, reason: "connection closed", flush: false) }
        let timer = Timer(loop: loop)
        connection.handshakeTimer = timer
        timer.start(afterMilliseconds: UInt64(limits.handshakeTimeoutMilliseconds)) { [weak self] in
            self?.refuse(connection, reason: "handshake timed out")
        }
        perform(connection.handshake.connected(), on: connection)
    }

    private func received(_ bytes: UnsafeRawBufferPointer, on connection: PeerConnection) {
        guard !connection.isDropped else { return }
        counters.receivedBytes += bytes.count
        connection.decoder.append(bytes)
        // A callback may drop the connection (or close everything) between two frames.
        while !connection.isDropped {
            let frame: [UInt8]
            do {
                guard let next = try connection.decoder.nextFrame() else { return }
                frame = next
            } catch {
                guard connection.isUp else { return refuse(connection, reason: "handshake frame too large") }
                counters.oversizeFrames += 1
                logger.warn(
                    "peer link closed: frame too large",
                    [("peer", connection.peer ?? ""), ("frame_bytes", String(error.length)),
                     ("max_frame_bytes", String(limits.maxFrameBytes))])
                return drop(connection, reason: "frame too large", flush: false)
            }
            if connection.isUp, let peer = connection.peer {
                counters.receivedMessages += 1
                onMessage?(peer, frame)
            } else {
                perform(connection.handshake.frameReceived(frame), on: connection)
            }
        }
    }

    private func perform(_ actions: [LinkHandshake.Action], on connection: PeerConnection) {
        for action in actions where !connection.isDropped {
            switch action {
            case .send(let message):
                var frame: [UInt8] = []
                LinkFrame.append(message, to: &frame)
                counters.sentBytes += frame.count
                connection.tcp.write(frame)
            case .establish(let peer):
                establish(connection, peer: peer)
            case .refuse(let reason):
                refuse(connection, reason: reason)
            }
        }
    }

    /// Brings an authenticated connection up, replacing an up link to the same peer (which restarted).
    private func establish(_ connection: PeerConnection, peer: String) {
        guard let known = wanted[peer] else { return refuse(connection, reason: "peer not wanted") }
        if let old = links[peer] {
            drop(old, reason: "replaced by a new link", flush: false)
            // onLinkDown may have called back into this object.
            guard !connection.isDropped, wanted[peer] === known else {
                return drop(connection, reason: "peer no longer wanted", flush: false)
            }
        }
        connection.establish(peer: peer, maxFrameBytes: limits.maxFrameBytes)
        links[peer] = connection
        known.attempt = 0
        if known.hasBeenLinked { counters.reconnects += 1 }
        known.hasBeenLinked = true
        logger.info("peer link up", [("peer", peer), ("dialled", connection.isDialled ? "true" : "false")])
        onLinkUp?(peer)
    }

    private func refuse(_ connection: PeerConnection, reason: String) {
        guard !connection.isDropped else { return }
        counters.refusedHandshakes += 1
        logger.info(
            "peer link refused",
            [("reason", reason), ("peer", connection.peer ?? ""),
             ("remote", "\(connection.tcp.remoteAddress):\(connection.tcp.remotePort)")])
        drop(connection, reason: reason, flush: false)
    }

    /// Lets go of `connection` and closes it (writing its outbox first when `flush`): onLinkDown if it
    /// was an up link, a redial if it was this node's dial to a peer still wanted. Idempotent.
    func drop(_ connection: PeerConnection, reason: String, flush: Bool) {
        guard !connection.isDropped else { return }
        connection.isDropped = true
        connections[ObjectIdentifier(connection)] = nil
        connection.handshakeTimer?.close()
        connection.handshakeTimer = nil
        if flush && !connection.outbox.isEmpty { writeOutbox(of: connection) }
        connection.outbox = []
        if flush { connection.tcp.close() } else { connection.tcp.abort() }
        guard let peer = connection.peer else { return }
        let wasUp = links[peer] === connection
        if wasUp {
            links[peer] = nil
            logger.info("peer link down", [("peer", peer), ("reason", reason)])
        }
        if connection.isDialled, let known = wanted[peer], known.connection === connection {
            known.connection = nil
            scheduleRedial(peer, known)
        }
        if wasUp { onLinkDown?(peer) }
    }

    /// Appends one frame to `link`'s outbox and makes sure the outboxes are written when the turn ends;
    /// closes the link instead when its queue would exceed the limit.
    @discardableResult func enqueue(_ payload: [UInt8], on link: PeerConnection) -> Bool {
        guard !link.isDropped else { return false }
        precondition(payload.count <= limits.maxFrameBytes, "a peer link message is larger than maxFrameBytes")
        guard link.queuedBytes + LinkFrame.headerLength + payload.count <= limits.maxQueuedBytes else {
            counters.overflows += 1
            logger.warn(
                "peer link closed: send queue full",
                [("peer", link.peer ?? ""), ("queued_bytes", String(link.queuedBytes)),
                 ("max_queued_bytes", String(limits.maxQueuedBytes))])
            drop(link, reason: "send queue full", flush: false)
            return false
        }
        LinkFrame.append(payload, to: &link.outbox)
        counters.sentMessages += 1
        if !link.flushPending {
            link.flushPending = true
            unflushed.append(link)
        }
        if !flushScheduled {
            flushScheduled = true
            loop.executeLater { [weak self] in self?.flush() }
        }
        return true
    }

    /// Writes every outbox filled this turn, one write per link.
    private func flush() {
        flushScheduled = false
        let links = unflushed
        unflushed = []
        for link in links {
            link.flushPending = false
            if !link.isDropped && !link.outbox.isEmpty { writeOutbox(of: link) }
        }
    }

    private func writeOutbox(of link: PeerConnection) {
        counters.sentBytes += link.outbox.count
        link.tcp.write(link.outbox)
        link.outbox.removeAll(keepingCapacity: link.outbox.capacity <= PeerLinks.retainedOutboxCapacity)
    }
}
