/// A datagram between membership cores; the shell only encodes, authenticates and carries it.
///
/// Sequence numbers are chosen by the node that expects the answer, so an `ack` or `nack` is matched
/// only against the receiver's own outstanding probes and relays.
package enum MembershipMessage: Hashable, Sendable {
    /// Direct probe; `target` is the name the sender expects to answer, so a stale address is ignored.
    case ping(sequence: UInt64, target: String, gossip: [Gossip])
    /// Answer to a `ping` carrying its sequence number.
    case ack(sequence: UInt64, gossip: [Gossip])
    /// Ask the receiver to probe `target` and relay the `ack` (or a `nack`) back.
    case pingRequest(sequence: UInt64, target: String, targetAddress: NodeAddress, gossip: [Gossip])
    /// Lifeguard: the relay got no answer from the target in time, which tells the requester its own
    /// network path to the relay works.
    case nack(sequence: UInt64)
    /// Stand-alone dissemination, used when there is no probe to ride on (graceful leave).
    case gossip([Gossip])
    /// Full state exchange for joining and for healing after partitions; a request is answered by a
    /// reply carrying the receiver's state.
    case pushPull(sender: String, members: [Member], isReply: Bool)
    /// Answer to a joining node whose name already belongs to `holder`, a live member at another
    /// address: the newcomer is kept out instead of fighting the holder over the name.
    case nameTaken(holder: Member)
}
