import ShoalCore
import ShoalGroupRules
import ShoalPostgres
import ShoalProtocol
import ShoalRuntime
import ShoalStore

/// Groups for module code, through the same `GroupService` as REST, with Nakama's runtime error texts.
extension ServerRuntimeServices {
    private func groups(_ database: PGConnection) -> GroupService {
        GroupService(connection: database, delivery: notificationDelivery, now: API.unixTime())
    }

    /// Nakama's runtime error for a group refusal (nakama-common `runtime.ErrGroup*`).
    static func runtimeError(_ error: GroupError) -> RuntimeError {
        switch error {
        case .notFound: return RuntimeError(.notFound, "group not found")
        case .permissionDenied: return RuntimeError(.permissionDenied, "group permission denied")
        case .full: return RuntimeError(.invalidArgument, "group is full")
        case .lastSuperadmin: return RuntimeError(.invalidArgument, "user is last group superadmin")
        case .nameInUse: return RuntimeError(.alreadyExists, "group name in use")
        case .userNotFound: return RuntimeError(.notFound, "user not found")
        }
    }

    /// `run` with group refusals worded for the runtime.
    private func runGroups<T>(_ body: (GroupService) throws -> T) throws(RuntimeError) -> T {
        try run { database in
            do {
                return try body(groups(database))
            } catch let error as GroupError {
                throw ServerRuntimeServices.runtimeError(error)
            }
        }
    }

    package func groupCreate(superadmin: UserID, _ fields: GroupUpdate) throws(RuntimeError) -> Group {
        try runGroups { try $0.create(superadmin: superadmin, fields) }
    }

    package func groupUpdate(_ group: UUIDValue, actor: UserID?, _ fields: GroupUpdate) throws(RuntimeError) {
        try runGroups { try $0.update(group: group, actor: actor, fields) }
    }

    package func groupDelete(_ group: UUIDValue) throws(RuntimeError) {
        try runGroups { try $0.delete(group: group, actor: nil) }
    }

    package func groupsGet(ids: [UUIDValue]) throws(RuntimeError) -> [Group] {
        try run { try GroupStore(connection: $0).groups(ids: ids) }
    }

    package func groupJoin(_ group: UUIDValue, user: UserID) throws(RuntimeError) {
        try runGroups { try $0.join(group: group, user: user) }
    }

    package func groupLeave(_ group: UUIDValue, user: UserID) throws(RuntimeError) {
        try runGroups { try $0.leave(group: group, user: user) }
    }

    package func groupUsers(_ operation: GroupMemberOperation, group: UUIDValue, users: [UserID], actor: UserID?)
        throws(RuntimeError)
    {
        try runGroups { try $0.apply(operation, group: group, actor: actor, users: users) }
    }

    package func groupUsersList(_ group: UUIDValue, limit: Int, state: Int?, cursor: String?) throws(RuntimeError)
        -> (members: [GroupMember], cursor: String?)
    {
        try runGroups { try $0.members(group: group, limit: limit, state: state, cursor: cursor) }
    }

    package func userGroupsList(_ user: UserID, limit: Int, state: Int?, cursor: String?) throws(RuntimeError)
        -> (groups: [UserGroup], cursor: String?)
    {
        try runGroups { try $0.userGroups(user: user, limit: limit, state: state, cursor: cursor) }
    }

    package func groupsList(_ filter: GroupListFilter, limit: Int, cursor: String?) throws(RuntimeError)
        -> (groups: [Group], cursor: String?)
    {
        try runGroups { try $0.list(filter, limit: limit, cursor: cursor) }
    }
}
