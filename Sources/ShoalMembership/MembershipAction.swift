/// What the shell must do after an event: the core's only way to have effects.
package enum MembershipAction: Hashable, Sendable {
    /// Send one datagram.
    case send(MembershipMessage, to: NodeAddress)
    /// This node's view of a member changed (new member, status or incarnation); the shell publishes it.
    case memberChanged(Member)
    /// A seed refused this joining node because `holder`, a live member at another address, has its
    /// name; reported once per holder while the core keeps retrying its seeds.
    case refused(holder: Member)
}
