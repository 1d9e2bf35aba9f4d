/// A user's relation to a group (`group_edge.state`, protocol §6.2); lower raw values rank higher.
///
/// Only superadmins, admins and members belong to the group: they count toward `edge_count` and can
/// read its channel. Join requests and bans are edges without membership.
package enum GroupRole: Int, Sendable, CaseIterable, Comparable {
    case superadmin = 0
    case admin = 1
    case member = 2
    case joinRequest = 3
    case banned = 4

    /// Superadmin, admin or member.
    package var isMember: Bool { rawValue <= GroupRole.member.rawValue }

    /// May manage members: superadmin or admin.
    package var isAdmin: Bool { rawValue <= GroupRole.admin.rawValue }

    /// Ranks compare by raw value: `superadmin < admin` means superadmin ranks higher.
    package static func < (lhs: GroupRole, rhs: GroupRole) -> Bool { lhs.rawValue < rhs.rawValue }
}
