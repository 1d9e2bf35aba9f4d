import ShoalLoop

/// The dialling side of `PeerLinks`: the node whose name sorts lower dials each wanted peer and redials it
/// with back-off until the peer is no longer wanted.
extension PeerLinks {
    /// A peer this node wants a link to, with the state of dialling it (used only when this node dials).
    final class WantedPeer {
        var host: String
        var port: Int
        /// Failed dials since the last link was up; picks the next back-off delay.
        var attempt = 0
        /// Bumped by each dial and each cancellation, so a dial that completes late is known to be stale.
        var dialGeneration = 0
        /// The connection this node dialled, in its handshake or up.
        var connection: PeerConnection?
        var redialTimer: Timer?
        /// Whether a link to the peer was up before (a later one counts as a reconnect).
        var hasBeenLinked = false

        init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    func dials(_ peer: String) -> Bool { name < peer }

    func dial(_ peer: String, _ known: WantedPeer) {
        known.dialGeneration += 1
        let generation = known.dialGeneration
        TCPClient.connect(on: loop, host: known.host, port: known.port) { [weak self, weak known] result in
            guard let self, let known, !self.isClosed, self.wanted[peer] === known, known.dialGeneration == generation
            else {
                if case .success(let tcp) = result { tcp.abort() }
                return
            }
            switch result {
            case .success(let tcp):
                let connection = PeerConnection(tcp: tcp, dialledPeer: peer, name: self.name, key: self.key)
                known.connection = connection
                self.start(connection)
            case .failure:
                self.scheduleRedial(peer, known)
            }
        }
    }

    /// Dials `peer` again after the back-off delay for its failures so far.
    func scheduleRedial(_ peer: String, _ known: WantedPeer) {
        guard !isClosed else { return }
        let delay = backoff.delayMilliseconds(attempt: known.attempt, random: Double.random(in: 0..<1))
        known.attempt += 1
        let timer = known.redialTimer ?? Timer(loop: loop)
        known.redialTimer = timer
        timer.start(afterMilliseconds: UInt64(delay)) { [weak self, weak known] in
            guard let self, let known, !self.isClosed, self.wanted[peer] === known, known.connection == nil else { return }
            self.dial(peer, known)
        }
    }

    /// Cancels the redial timer and any dial in flight, and drops the dialled connection (onLinkDown if it was up).
    func stopDialling(_ peer: String, _ known: WantedPeer, reason: String) {
        known.redialTimer?.close()
        known.redialTimer = nil
        known.dialGeneration += 1
        guard let connection = known.connection else { return }
        known.connection = nil
        drop(connection, reason: reason, flush: true)
    }
}
