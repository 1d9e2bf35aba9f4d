import ShoalCore
import ShoalJSON
import ShoalProtocol
import ShoalSocialRules
import ShoalStore

/// Notifications (Nakama's api_notification): list with a cacheable cursor, delete.
extension API {
    static var notificationRoutes: [Route] {
        [
            Route(
                "GET", "/v2/notification", name: "ListNotifications", auth: .session,
                mapping: RequestMapping(query: [("limit", .integer), ("cacheable_cursor", .string)])
            ) { try $0.listNotifications(&$1) },
            Route(
                "DELETE", "/v2/notification", name: "DeleteNotifications", auth: .session,
                mapping: RequestMapping(query: [("ids", .strings)])
            ) { try $0.deleteNotifications(&$1) },
        ]
    }

    /// Oldest first; the cacheable cursor marks the newest one returned (or echoes the one sent when
    /// nothing newer exists), so sending it later returns only newer notifications.
    func listNotifications(_ context: inout RequestContext) throws -> JSON? {
        let limit = try context.message.integer("limit") ?? 1
        guard (1...100).contains(limit) else {
            throw APIError(.invalidArgument, "Invalid limit - limit must be between 1 and 100.")
        }
        let cursor = try context.message.string("cacheable_cursor") ?? ""
        var after: NotificationStore.Position?
        if !cursor.isEmpty {
            guard let decoded = ListCursor(decoding: cursor, kind: "n", fieldCount: 2),
                let micros = Int64(decoded.fields[0]), let id = UUIDValue(decoded.fields[1])
            else { throw APIError(.invalidArgument, "Cursor is invalid.") }
            after = NotificationStore.Position(createTime: Timestamp(microseconds: micros), id: id)
        }
        let notifications = try NotificationStore(connection: context.database).list(
            user: try context.userID, limit: Int(limit), after: after)
        var out = WireObject()
        out.list("notifications", notifications.map(\.json))
        if let last = notifications.last {
            out.string(
                "cacheable_cursor",
                ListCursor(kind: "n", fields: [String(last.createTime.microseconds), last.id.description]).encoded)
        } else {
            out.string("cacheable_cursor", cursor)
        }
        return out.json
    }

    func deleteNotifications(_ context: inout RequestContext) throws -> JSON? {
        var ids: [UUIDValue] = []
        for text in try context.message.strings("ids") {
            guard let id = UUIDValue(text) else {
                throw APIError(.invalidArgument, "Invalid notification ID '\(text)'.")
            }
            ids.append(id)
        }
        try NotificationStore(connection: context.database).delete(user: try context.userID, ids: ids)
        return nil
    }
}
