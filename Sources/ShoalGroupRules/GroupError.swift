/// Why a group operation was refused. The API and the runtime turn each into Nakama's code and message
/// for the operation at hand (the same refusal reads differently for an update and a kick).
package enum GroupError: Error, Sendable, Equatable {
    /// No such group (or it is disabled).
    case notFound
    /// The actor's role does not allow the operation.
    case permissionDenied
    /// The group already has `max_count` members.
    case full
    /// The operation would leave the group without a superadmin.
    case lastSuperadmin
    /// Another group has this name.
    case nameInUse
    /// A target user does not exist.
    case userNotFound
}
