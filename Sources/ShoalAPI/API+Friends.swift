import ShoalCore
import ShoalJSON
import ShoalProtocol

/// Friends (Nakama's api_friend): list, add, delete, block, friends of friends, social imports.
extension API {
    static var friendRoutes: [Route] {
        let targets = RequestMapping(query: [("ids", .strings), ("usernames", .strings)])
        return [
            Route(
                "GET", "/v2/friend", name: "ListFriends", auth: .session,
                mapping: RequestMapping(query: [("limit", .integer), ("state", .integer), ("cursor", .string)])
            ) { try $0.listFriends(&$1) },
            Route(
                "POST", "/v2/friend", name: "AddFriends", auth: .session,
                mapping: RequestMapping(query: [("ids", .strings), ("usernames", .strings), ("metadata", .string)])
            ) { try $0.addFriends(&$1) },
            Route("DELETE", "/v2/friend", name: "DeleteFriends", auth: .session, mapping: targets) {
                try $0.deleteFriends(&$1)
            },
            Route("POST", "/v2/friend/block", name: "BlockFriends", auth: .session, mapping: targets) {
                try $0.blockFriends(&$1)
            },
            Route(
                "GET", "/v2/friend/friends", name: "ListFriendsOfFriends", auth: .session,
                mapping: RequestMapping(query: [("limit", .integer), ("cursor", .string)])
            ) { try $0.listFriendsOfFriends(&$1) },
            Route(
                "POST", "/v2/friend/facebook", name: "ImportFacebookFriends", auth: .session,
                mapping: RequestMapping(body: .field("account"), query: [("reset", .bool)])
            ) { try $0.importFacebookFriends(&$1) },
            Route(
                "POST", "/v2/friend/steam", name: "ImportSteamFriends", auth: .session,
                mapping: RequestMapping(body: .field("account"), query: [("reset", .bool)])
            ) { _, _ in
                // Shoal has no Steam client: importing friends from Steam is not implemented.
                throw APIError(.unimplemented, "Steam friend import is not implemented.")
            },
        ]
    }

    func friendService(_ context: RequestContext) -> FriendService {
        FriendService(connection: context.database, delivery: notificationDelivery, now: context.now)
    }

    func listFriends(_ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        let page = try friendService(context).list(
            user: try context.userID, limit: Int(try message.integer("limit") ?? 1000),
            state: try message.integer("state").map { Int($0) }, cursor: try message.string("cursor"))
        var friends = page.friends
        for index in friends.indices { friends[index].user.online = onlineUsers.contains(friends[index].user.id) }
        var out = WireObject()
        out.list("friends", friends.map(\.json))
        out.string("cursor", page.cursor)
        return out.json
    }

    func addFriends(_ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        try friendService(context).add(
            user: try context.userID, username: context.session?.username ?? "", ids: try message.strings("ids"),
            usernames: try message.strings("usernames"), metadata: try message.string("metadata"))
        return nil
    }

    func deleteFriends(_ context: inout RequestContext) throws -> JSON? {
        try friendService(context).delete(
            user: try context.userID, username: context.session?.username ?? "", ids: try context.message.strings("ids"),
            usernames: try context.message.strings("usernames"))
        return nil
    }

    func blockFriends(_ context: inout RequestContext) throws -> JSON? {
        try friendService(context).block(
            user: try context.userID, username: context.session?.username ?? "", ids: try context.message.strings("ids"),
            usernames: try context.message.strings("usernames"))
        return nil
    }

    func listFriendsOfFriends(_ context: inout RequestContext) throws -> JSON? {
        let page = try friendService(context).friendsOfFriends(
            user: try context.userID, limit: Int(try context.message.integer("limit") ?? 10),
            cursor: try context.message.string("cursor"))
        var out = WireObject()
        out.list("friends_of_friends", page.entries.map(\.json))
        out.string("cursor", page.cursor)
        return out.json
    }

    /// Nakama checks the token, then asks Facebook for the friend list; Shoal has no Facebook client, so after
    /// the same input check the import answers UNIMPLEMENTED.
    func importFacebookFriends(_ context: inout RequestContext) throws -> JSON? {
        guard let token = try context.message.nested("account")?.string("token"), !token.isEmpty else {
            throw APIError(.invalidArgument, "Facebook token is required.")
        }
        throw APIError(.unimplemented, "Facebook friend import is not implemented.")
    }
}
