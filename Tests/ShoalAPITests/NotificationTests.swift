import ShoalCore
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalStore
import ShoalTestSupport
import Testing

/// `GET`/`DELETE /v2/notification` and the sender other features use (protocol §2.7).
@Suite struct NotificationTests {
    /// Sends `count` notifications to the user through `NotificationSender` on the node's database.
    static func send(_ count: Int, to user: TestUser, persistent: Bool = true, code: Int = 7) throws -> [NotificationRecord] {
        let connection = try PGConnection(conninfo: try Shared.node.get().databaseURL)
        var generator = SystemRandomNumberGenerator()
        let records = (0..<count).map { index in
            NotificationRecord(
                id: UUIDValue.random(using: &generator), userID: UserID(user.id)!, subject: "n\(index)",
                content: "{\"i\":\(index)}", code: code, createTime: Timestamp(seconds: 1), persistent: persistent)
        }
        let delivery = RecordingDelivery()
        try NotificationSender(connection: connection, delivery: delivery).send(records)
        #expect(delivery.delivered.map(\.id) == records.map(\.id))
        return records
    }

    @Test func listDefaultsToOneOldestFirstAndTheCacheableCursorReturnsOnlyNewer() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        let sent = try Self.send(3, to: me)
        let first = try #require(try client.request("GET", "/v2/notification", headers: me.headers).json)
        #expect(first["notifications"]?.arrayValue?.count == 1)
        let only = try #require(first["notifications"]?.arrayValue?.first)
        #expect(only["id"] == .string(sent[0].id.description))
        #expect(only["subject"] == .string("n0"))
        #expect(only["code"] == .int(7))
        #expect(only["sender_id"] == .string("00000000-0000-0000-0000-000000000000"))
        #expect(only["persistent"] == .bool(true))
        #expect(only["create_time"]?.stringValue?.hasPrefix("19") == false)

        let all = try #require(try client.request("GET", "/v2/notification?limit=100", headers: me.headers).json)
        #expect(all["notifications"]?.arrayValue?.map { $0["subject"] } == [.string("n0"), .string("n1"), .string("n2")])
        let cursor = try #require(all["cacheable_cursor"]?.stringValue)
        // Nothing newer yet: an empty list and the same cursor back.
        let none = try #require(try client.request("GET", "/v2/notification?cacheable_cursor=\(cursor)", headers: me.headers).json)
        #expect(none["notifications"] == nil)
        #expect(none["cacheable_cursor"] == .string(cursor))
        _ = try Self.send(1, to: me, code: 8)
        let newer = try #require(
            try client.request("GET", "/v2/notification?limit=10&cacheable_cursor=\(cursor)", headers: me.headers).json)
        #expect(newer["notifications"]?.arrayValue?.map { $0["code"] } == [.int(8)])
    }

    @Test func onlyPersistentNotificationsAreStored() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        _ = try Self.send(2, to: me, persistent: false)
        #expect(try client.notifications(me).isEmpty)
    }

    @Test func deleteRemovesOnlyTheCallersNotifications() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        let other = try TestUser(client)
        let mine = try Self.send(2, to: me)
        let theirs = try Self.send(1, to: other)
        let response = try client.request(
            "DELETE", "/v2/notification?ids=\(mine[0].id)&ids=\(theirs[0].id)", headers: me.headers)
        #expect(response.status == 200, "\(response)")
        #expect(try client.notifications(me).map { $0["id"] } == [.string(mine[1].id.description)])
        #expect(try client.notifications(other).count == 1)
        #expect(try client.request("DELETE", "/v2/notification", headers: me.headers).status == 200)
        expectError(try client.request("DELETE", "/v2/notification?ids=bad", headers: me.headers), status: 400, code: 3)
    }

    @Test func listRejectsBadLimitsAndCursors() throws {
        let client = try Shared.client()
        let me = try TestUser(client)
        for query in ["limit=0", "limit=101"] {
            expectError(
                try client.request("GET", "/v2/notification?\(query)", headers: me.headers), status: 400, code: 3,
                message: "Invalid limit - limit must be between 1 and 100.")
        }
        expectError(
            try client.request("GET", "/v2/notification?cacheable_cursor=nope", headers: me.headers), status: 400, code: 3,
            message: "Cursor is invalid.")
        expectError(try client.request("GET", "/v2/notification"), status: 401, code: 16)
    }
}

/// A delivery that keeps what it was given, to check what the sender hands on.
final class RecordingDelivery: NotificationDelivery, @unchecked Sendable {
    private(set) var delivered: [NotificationRecord] = []
    func deliver(_ notifications: [NotificationRecord]) { delivered += notifications }
}
