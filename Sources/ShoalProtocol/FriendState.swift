/// The state of one directed friend edge (`user_edge.state`, `Friend.state` on the wire).
///
/// An edge belongs to its source user: `inviteSent` sits on the requester's edge and `inviteReceived` on
/// the target's; `blocked` exists only on the blocker's edge.
package enum FriendState: Int, Sendable, Hashable, CaseIterable {
    case friend = 0
    case inviteSent = 1
    case inviteReceived = 2
    case blocked = 3
}
