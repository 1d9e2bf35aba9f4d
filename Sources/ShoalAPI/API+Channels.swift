import ShoalJSON
import ShoalProtocol

/// Channel history (Nakama's api_channel): `GET /v2/channel/{channel_id}`.
extension API {
    static var channelRoutes: [Route] {
        [
            Route(
                "GET", "/v2/channel/{channel_id}", name: "ListChannelMessages", auth: .session,
                mapping: RequestMapping(query: [("limit", .integer), ("forward", .bool), ("cursor", .string)])
            ) { try $0.listChannelMessages(&$1) },
        ]
    }

    func listChannelMessages(_ context: inout RequestContext) throws -> JSON? {
        let message = context.message
        let page = try ChannelHistory(connection: context.database).list(
            caller: try context.userID, channelID: try message.string("channel_id") ?? "",
            limit: Int(try message.integer("limit") ?? 1), forward: try message.bool("forward") ?? true,
            cursor: try message.string("cursor"))
        return page.json
    }
}
