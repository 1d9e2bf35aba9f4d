/// The operations an admin applies to a list of users (`/v2/group/{id}/add|kick|ban|promote|demote`).
package enum GroupMemberOperation: Sendable, CaseIterable {
    case add, kick, ban, promote, demote
}
