/// Every permission decision of Nakama's groups (protocol §6.2), as pure functions of the actor's role,
/// the target's role and the group's counts. The store reads those under the group's row lock, asks
/// here, and writes exactly the returned change.
///
/// Contract: a refused operation throws before anything is written; an operation that does not apply
/// to a target (already a member, outranks the actor, the actor itself) is `unchanged`, which Nakama
/// answers with success. No change ever makes `edgeCount` exceed `maxCount` or removes the last superadmin.
package enum GroupRules {
    package static let defaultMaxCount = 100

    /// Updating a group's fields needs an admin or superadmin.
    package static func update(actor: GroupActor) throws(GroupError) {
        guard actor.role?.isAdmin == true else { throw .permissionDenied }
    }

    /// Deleting a group needs a superadmin.
    package static func delete(actor: GroupActor) throws(GroupError) {
        guard actor.role == .superadmin else { throw .permissionDenied }
    }

    /// A user joins: open groups take members, closed groups record a join request. Anyone already
    /// related (including a banned user) is left as they are.
    package static func join(current: GroupRole?, open: Bool, counts: GroupCounts) throws(GroupError) -> GroupEdgeChange {
        if current != nil { return .unchanged(current) }
        if counts.isFull { throw .full }
        if open { return GroupEdgeChange(before: nil, after: .member, message: .join) }
        return GroupEdgeChange(before: nil, after: .joinRequest)
    }

    /// A user leaves (or withdraws a join request). A ban stays; the last superadmin cannot leave.
    package static func leave(current: GroupRole?, counts: GroupCounts) throws(GroupError) -> GroupEdgeChange {
        switch current {
        case nil, .banned?:
            return .unchanged(current)
        case .superadmin? where counts.superadminCount <= 1:
            throw .lastSuperadmin
        case .joinRequest?:
            return GroupEdgeChange(before: .joinRequest, after: nil)
        case let role?:
            return GroupEdgeChange(before: role, after: nil, message: .leave)
        }
    }

    /// Whether the actor may apply member operations at all (Nakama checks this once, before any target).
    package static func authorizeMemberOperation(actor: GroupActor) throws(GroupError) {
        guard actor.role?.isAdmin == true else { throw .permissionDenied }
    }

    /// One member operation on one target.
    ///
    /// - add: non-members, join requests and banned users become members (the group must have room).
    /// - kick: admins remove members, join requests and bans; superadmins remove anyone.
    /// - ban: like kick but leaves a ban; users with no edge can be banned in advance.
    /// - promote: member → admin, admin → superadmin, only for targets ranked below the actor.
    /// - demote: superadmin → admin, admin → member, for targets at or below the actor's rank.
    /// Kick, ban and demote never remove the last superadmin.
    package static func apply(
        _ operation: GroupMemberOperation, actor: GroupActor, target: GroupRole?, targetIsActor: Bool,
        counts: GroupCounts
    ) throws(GroupError) -> GroupEdgeChange {
        try authorizeMemberOperation(actor: actor)
        guard let rank = actor.role, !targetIsActor else { return .unchanged(target) }
        switch operation {
        case .add:
            if target?.isMember == true { return .unchanged(target) }
            if counts.isFull { throw .full }
            return GroupEdgeChange(before: target, after: .member, message: .add)
        case .kick, .ban:
            let after: GroupRole? = operation == .ban ? .banned : nil
            guard target != nil || operation == .ban, target != after else { return .unchanged(target) }
            if rank == .admin, let target, target.isAdmin { return .unchanged(target) }
            if target == .superadmin, counts.superadminCount <= 1 { throw .lastSuperadmin }
            return GroupEdgeChange(
                before: target, after: after, message: target?.isMember == true ? (operation == .ban ? .ban : .kick) : nil)
        case .promote:
            guard let target, target == .admin || target == .member, rank < target else { return .unchanged(target) }
            return GroupEdgeChange(before: target, after: GroupRole(rawValue: target.rawValue - 1), message: .promote)
        case .demote:
            guard let target, target.isAdmin, rank <= target else { return .unchanged(target) }
            if target == .superadmin, counts.superadminCount <= 1 { throw .lastSuperadmin }
            return GroupEdgeChange(before: target, after: GroupRole(rawValue: target.rawValue + 1), message: .demote)
        }
    }

    /// `max_count` as given at creation: 0 means the default; it must be at least 1.
    package static func maxCount(requested: Int) -> Int? {
        if requested == 0 { return defaultMaxCount }
        return requested >= 1 ? requested : nil
    }
}
