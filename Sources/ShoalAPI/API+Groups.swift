import ShoalCore
import ShoalGroupRules
import ShoalJSON
import ShoalProtocol

/// Groups (Nakama's api_group): create, update, delete, join, leave, member operations and the three lists.
extension API {
    static var groupRoutes: [Route] {
        let users = RequestMapping(query: [("user_ids", .strings)])
        let list = RequestMapping(query: [("limit", .integer), ("state", .integer), ("cursor", .string)])
        var routes = [
            Route("POST", "/v2/group", name: "CreateGroup", auth: .session, mapping: RequestMapping(body: .whole)) {
                try $0.createGroup(&$1)
            },
            Route(
                "GET", "/v2/group", name: "ListGroups", auth: .session,
                mapping: RequestMapping(query: [
                    ("name", .string), ("cursor", .string), ("limit", .integer), ("lang_tag", .string),
                    ("members", .integer), ("open", .bool),
                ])
            ) { try $0.listGroups(&$1) },
            Route("PUT", "/v2/group/{group_id}", name: "UpdateGroup", auth: .session, mapping: RequestMapping(body: .whole)) {
                try $0.updateGroup(&$1)
            },
            Route("DELETE", "/v2/group/{group_id}", name: "DeleteGroup", auth: .session) { try $0.deleteGroup(&$1) },
            Route("POST", "/v2/group/{group_id}/join", name: "JoinGroup", auth: .session) { try $0.joinGroup(&$1) },
            Route("POST", "/v2/group/{group_id}/leave", name: "LeaveGroup", auth: .session) { try $0.leaveGroup(&$1) },
            Route("GET", "/v2/group/{group_id}/user", name: "ListGroupUsers", auth: .session, mapping: list) {
                try $0.listGroupUsers(&$1)
            },
            Route("GET", "/v2/user/{user_id}/group", name: "ListUserGroups", auth: .session, mapping: list) {
                try $0.listUserGroups(&$1)
            },
        ]
        let operations: [(String, String, GroupMemberOperation)] = [
            ("add", "AddGroupUsers", .add), ("kick", "KickGroupUsers", .kick), ("ban", "BanGroupUsers", .ban),
            ("promote", "PromoteGroupUsers", .promote), ("demote", "DemoteGroupUsers", .demote),
        ]
        for (path, name, operation) in operations {
            routes.append(Route("POST", "/v2/group/{group_id}/\(path)", name: name, auth: .session, mapping: users) {
                try $0.groupUsers(operation, &$1)
            })
        }
        return routes
    }

    func groupService(_ context: RequestContext) -> GroupService {
        GroupService(connection: context.database, delivery: notificationDelivery, now: context.now)
    }

    /// The `group_id` path parameter as Nakama validates it.
    static func groupID(_ message: WireInput) throws -> UUIDValue {
        guard let text = try message.string("group_id"), !text.isEmpty else {
            throw APIError(.invalidArgument, "Group ID must be set.")
        }
        guard let id = UUIDValue(text), id != .zero else { throw APIError(.invalidArgument, "Group ID must be a valid ID.") }
        return id
    }

    /// Nakama's wording of a group refusal for one REST call.
    static func groupError(
        _ error: GroupError, notFound: String = "Group not found.",
        lastSuperadmin: String = "Cannot remove the last superadmin."
    ) -> APIError {
        switch error {
        case .notFound, .permissionDenied: return APIError(.notFound, notFound)
        case .full: return APIError(.invalidArgument, "Group is full.")
        case .lastSuperadmin: return APIError(.invalidArgument, lastSuperadmin)
        case .nameInUse: return APIError(.alreadyExists, "Group name is in use.")
        case .userNotFound: return APIError(.notFound, "User not found.")
        }
    }

    /// Runs `body`, rewording group refusals with the call's own not-found and last-superadmin messages.
    func groupCall<T>(
        notFound: String = "Group not found.", lastSuperadmin: String = "Cannot remove the last superadmin.",
        _ body: () throws -> T
    ) throws -> T {
        do {
            return try body()
        } catch let error as GroupError {
            throw API.groupError(error, notFound: notFound, lastSuperadmin: lastSuperadmin)
        }
    }

    func createGroup(_ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        var fields = GroupUpdate()
        guard let name = try message.string("name"), !name.isEmpty else {
            throw APIError(.invalidArgument, "Group name must be set.")
        }
        fields.name = name
        fields.description = try message.string("description")
        fields.langTag = try message.string("lang_tag")
        fields.avatarURL = try message.string("avatar_url")
        fields.open = try message.bool("open") ?? false
        fields.maxCount = Int(try message.integer("max_count") ?? 0)
        let user = try context.userID
        let service = groupService(context)
        return try groupCall { try service.create(superadmin: user, fields) }.json
    }

    func updateGroup(_ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        let id = try API.groupID(message)
        var fields = GroupUpdate()
        fields.name = try message.string("name")
        if fields.name?.isEmpty == true { throw APIError(.invalidArgument, "Group name cannot be empty.") }
        fields.description = try message.string("description")
        fields.langTag = try message.string("lang_tag").flatMap { $0.isEmpty ? nil : $0 }
        fields.avatarURL = try message.string("avatar_url")
        fields.open = try message.bool("open")
        guard !fields.isEmpty else { throw APIError(.invalidArgument, "Specify at least one field to update.") }
        let user = try context.userID
        let service = groupService(context)
        try groupCall(notFound: "Group not found or you're not allowed to update.") {
            try service.update(group: id, actor: user, fields)
        }
        return nil
    }

    func deleteGroup(_ context: inout RequestContext) throws -> JSON? {
        let id = try API.groupID(context.message)
        let user = try context.userID
        let service = groupService(context)
        try groupCall(notFound: "Group not found or you're not allowed to delete.") {
            try service.delete(group: id, actor: user)
        }
        return nil
    }

    func joinGroup(_ context: inout RequestContext) throws -> JSON? {
        let id = try API.groupID(context.message)
        let user = try context.userID
        let service = groupService(context)
        try groupCall { try service.join(group: id, user: user) }
        return nil
    }

    func leaveGroup(_ context: inout RequestContext) throws -> JSON? {
        let id = try API.groupID(context.message)
        let user = try context.userID
        let service = groupService(context)
        try groupCall(lastSuperadmin: "Cannot leave group when you are the last superadmin.") {
            try service.leave(group: id, user: user)
        }
        return nil
    }

    func groupUsers(_ operation: GroupMemberOperation, _ context: inout RequestContext) throws -> JSON? {
        let id = try API.groupID(context.message)
        var users: [UserID] = []
        for text in try context.message.strings("user_ids") {
            guard let user = UserID(text), user != .system else {
                throw APIError(.invalidArgument, "User ID must be a valid ID.")
            }
            users.append(user)
        }
        guard !users.isEmpty else { return nil }
        let caller = try context.userID
        let service = groupService(context)
        try groupCall(notFound: "Group not found or permission denied.") {
            try service.apply(operation, group: id, actor: caller, users: users)
        }
        return nil
    }

    func listGroupUsers(_ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        let id = try API.groupID(message)
        let page = try groupService(context).members(
            group: id, limit: Int(try message.integer("limit") ?? 100), state: try message.integer("state").map { Int($0) },
            cursor: try message.string("cursor"))
        var out = WireObject()
        out.list("group_users", page.members.map(\.json))
        out.string("cursor", page.cursor)
        return out.json
    }

    func listUserGroups(_ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        guard let text = try message.string("user_id"), !text.isEmpty else {
            throw APIError(.invalidArgument, "User ID must be set.")
        }
        guard let user = UserID(text) else { throw APIError(.invalidArgument, "User ID must be a valid ID.") }
        let page = try groupService(context).userGroups(
            user: user, limit: Int(try message.integer("limit") ?? 100), state: try message.integer("state").map { Int($0) },
            cursor: try message.string("cursor"))
        var out = WireObject()
        out.list("user_groups", page.groups.map(\.json))
        out.string("cursor", page.cursor)
        return out.json
    }

    func listGroups(_ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        let filter = GroupListFilter(
            name: try message.string("name").flatMap { $0.isEmpty ? nil : $0 },
            langTag: try message.string("lang_tag").flatMap { $0.isEmpty ? nil : $0 },
            maxMembers: try message.integer("members").map { Int($0) }, open: try message.bool("open"))
        let page = try groupService(context).list(
            filter, limit: Int(try message.integer("limit") ?? 1), cursor: try message.string("cursor"))
        var out = WireObject()
        out.list("groups", page.groups.map(\.json))
        out.string("cursor", page.cursor)
        return out.json
    }
}
