import ShoalCore
import ShoalGroupRules
import ShoalProtocol

/// The group half of `RuntimeServices` (runtime.md §2.10): what `nk.group_*` needs from the server,
/// with the REST API's rules, messages and notifications. `actor` nil is the system, which passes every
/// permission check. Errors carry Nakama's runtime messages ("group not found", "group is full", …).
package protocol RuntimeGroupServices: AnyObject {
    /// Creates a group with `superadmin` as its first member; `fields.name` is required, `maxCount` nil means 100.
    func groupCreate(superadmin: UserID, _ fields: GroupUpdate) throws(RuntimeError) -> Group
    func groupUpdate(_ group: UUIDValue, actor: UserID?, _ fields: GroupUpdate) throws(RuntimeError)
    func groupDelete(_ group: UUIDValue) throws(RuntimeError)
    func groupsGet(ids: [UUIDValue]) throws(RuntimeError) -> [Group]
    func groupJoin(_ group: UUIDValue, user: UserID) throws(RuntimeError)
    func groupLeave(_ group: UUIDValue, user: UserID) throws(RuntimeError)
    /// Adds, kicks, bans, promotes or demotes users as `actor`.
    func groupUsers(_ operation: GroupMemberOperation, group: UUIDValue, users: [UserID], actor: UserID?)
        throws(RuntimeError)
    /// `limit` 1–100, `state` 0–4 or nil; the cursor comes from a previous page.
    func groupUsersList(_ group: UUIDValue, limit: Int, state: Int?, cursor: String?) throws(RuntimeError)
        -> (members: [GroupMember], cursor: String?)
    func userGroupsList(_ user: UserID, limit: Int, state: Int?, cursor: String?) throws(RuntimeError)
        -> (groups: [UserGroup], cursor: String?)
    func groupsList(_ filter: GroupListFilter, limit: Int, cursor: String?) throws(RuntimeError)
        -> (groups: [Group], cursor: String?)
}
