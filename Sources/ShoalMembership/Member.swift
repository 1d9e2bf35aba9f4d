/// One node as some node believes it to be: the unit the membership table stores and gossip carries.
///
/// `name` identifies the node across restarts; `incarnation` only grows, and only the node itself
/// raises it (to refute a suspicion or to come back after a restart). Among claims about one node,
/// a higher incarnation wins; at equal incarnation `left` and `dead` beat `suspect`, which beats `alive`.
package struct Member: Hashable, Sendable {
    package var name: String
    package var address: NodeAddress
    package var status: Status
    package var incarnation: UInt64

    package init(name: String, address: NodeAddress, status: Status = .alive, incarnation: UInt64 = 0) {
        self.name = name
        self.address = address
        self.status = status
        self.incarnation = incarnation
    }

    /// Liveness as seen by one node. `left` is a graceful departure announced by the node itself.
    package enum Status: Hashable, Sendable {
        case alive
        case suspect
        case dead
        case left
    }

    /// Alive or suspect: still probed, still counted as part of the cluster.
    package var isLive: Bool { status == .alive || status == .suspect }
}
