import ShoalCluster
import ShoalLog
import ShoalMembership
import ShoalRouting

/// Joins this node's realtime hub to the other nodes: gossip says who the peers are, links carry
/// presence changes and envelopes, and a peer that dies or leaves takes its sessions' presences with it.
/// Confined to the loop thread.
final class ClusterRouter: ClusterOutbox {
    let links: PeerLinks
    private unowned let hub: RealtimeHub
    private let logger: Logger
    /// The last status gossip reported for each other node.
    private var statuses: [String: Member.Status] = [:]
    /// Link messages that did not decode (dropped).
    private(set) var malformedMessages = 0
    /// Messages for a peer whose link was down when they were sent (its presences are re-sent when it is back).
    private(set) var undeliveredMessages = 0
    /// Called with the linked peers after a link came up or went down.
    var onLinksChanged: (([String]) -> Void)?

    init(links: PeerLinks, hub: RealtimeHub, logger: Logger) {
        self.links = links
        self.hub = hub
        self.logger = logger
        links.onLinkUp = { [unowned self] peer in self.linkUp(peer) }
        links.onLinkDown = { [unowned self] peer in
            hub.linkDown(peer)
            onLinksChanged?(links.linkedPeers)
        }
        links.onMessage = { [unowned self] peer, payload in self.received(payload, from: peer) }
    }

    /// Gossip changed a member: live peers get a link, a dead or departed one loses its presences here.
    func membersChanged(_ members: [Member]) {
        for member in members where member.name != hub.nodeName {
            let previous = statuses.updateValue(member.status, forKey: member.name)
            if member.isLive {
                links.connect(to: member.name, host: member.address.host, port: Int(member.address.port))
            } else if previous.map({ $0 == .alive || $0 == .suspect }) ?? true {
                links.disconnect(from: member.name)
                hub.nodeGone(member.name)
            }
        }
    }

    /// A link came up: the peer gets every presence of this node, which replaces what it held for it.
    private func linkUp(_ peer: String) {
        for part in ClusterMessageCodec.syncParts(hub.localPresences) { send(part, to: peer) }
        onLinksChanged?(links.linkedPeers)
    }

    private func received(_ payload: [UInt8], from peer: String) {
        guard let message = ClusterMessageCodec.decode(payload, from: peer) else {
            malformedMessages += 1
            logger.warn("cluster link message dropped: not a cluster message", [("peer", peer), ("bytes", String(payload.count))])
            return
        }
        hub.apply(message, from: peer)
    }

    func publish(_ message: ClusterMessage) {
        guard let payload = encode(message) else { return }
        links.broadcast(payload)
    }

    func send(_ message: ClusterMessage, to node: String) {
        guard let payload = encode(message) else { return }
        if !links.send(payload, to: node) { undeliveredMessages += 1 }
    }

    /// The link payload, or nil (logged and counted as undelivered) when it exceeds a link frame.
    private func encode(_ message: ClusterMessage) -> [UInt8]? {
        let payload = ClusterMessageCodec.encode(message)
        guard payload.count <= links.limits.maxFrameBytes else {
            undeliveredMessages += 1
            logger.warn("cluster message too large for a link; not sent", [("bytes", String(payload.count))])
            return nil
        }
        return payload
    }

    /// Figures for the `cluster metrics` log line.
    var metricFields: [(String, String)] {
        let metrics = links.metrics
        return [
            ("links_up", String(metrics.linksUp)), ("link_queue_bytes", String(metrics.queuedBytes)),
            ("link_queue_max_bytes", String(metrics.maxQueuedBytes)), ("link_reconnects", String(metrics.reconnects)),
            ("link_overflows", String(metrics.overflows)), ("link_refused_handshakes", String(metrics.refusedHandshakes)),
            ("link_malformed_messages", String(malformedMessages)),
            ("link_undelivered_messages", String(undeliveredMessages)),
        ]
    }
}
