/// Who performs a group operation: a user with their current role (nil when they have no edge), or
/// the server itself (runtime calls with no caller), which passes every permission check.
package enum GroupActor: Sendable, Equatable {
    case system
    case user(GroupRole?)

    /// The rank the actor acts with: the system acts as a superadmin.
    package var role: GroupRole? {
        switch self {
        case .system: return .superadmin
        case .user(let role): return role
        }
    }
}
