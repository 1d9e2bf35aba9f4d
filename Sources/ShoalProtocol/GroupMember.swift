import ShoalCore
import ShoalJSON

/// One row of `GroupUserList.group_users`: a user and their state in the group (Int32Value, always written).
package struct GroupMember: Sendable, Equatable {
    package var user: User
    /// 0 superadmin, 1 admin, 2 member, 3 join request, 4 banned.
    package var state: Int

    package init(user: User, state: Int) {
        self.user = user
        self.state = state
    }

    package var json: JSON {
        var out = WireObject()
        out.message("user", user.json)
        var object = out.object
        object["state"] = .int(Int64(state))
        return .object(object)
    }
}
