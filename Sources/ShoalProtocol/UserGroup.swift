import ShoalCore
import ShoalJSON

/// One row of `UserGroupList.user_groups`: a group and the user's state in it (Int32Value, always written).
package struct UserGroup: Sendable, Equatable {
    package var group: Group
    package var state: Int

    package init(group: Group, state: Int) {
        self.group = group
        self.state = state
    }

    package var json: JSON {
        var out = WireObject()
        out.message("group", group.json)
        var object = out.object
        object["state"] = .int(Int64(state))
        return .object(object)
    }
}
