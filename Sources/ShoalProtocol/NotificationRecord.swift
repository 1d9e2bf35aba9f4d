import ShoalCore
import ShoalJSON

/// One notification to one user: Nakama's `api.Notification` plus its recipient.
///
/// `content` is a JSON object's text (a string on the wire). `code` ≥ 0 is game-defined; negative codes
/// are Nakama's system notifications (§4.7). `senderID` is the nil UUID for system notifications. Only
/// `persistent` ones are stored; all are pushed to connected sessions.
package struct NotificationRecord: Sendable, Equatable {
    package var id: UUIDValue
    package var userID: UserID
    package var subject: String
    package var content: String
    package var code: Int
    package var senderID: UserID
    package var createTime: Timestamp
    package var persistent: Bool

    package init(
        id: UUIDValue, userID: UserID, subject: String, content: String, code: Int, senderID: UserID = .system,
        createTime: Timestamp, persistent: Bool
    ) {
        self.id = id
        self.userID = userID
        self.subject = subject
        self.content = content
        self.code = code
        self.senderID = senderID
        self.createTime = createTime
        self.persistent = persistent
    }

    /// The wire `Notification` (the recipient is implied by who reads it).
    package var json: JSON {
        var out = WireObject()
        out.string("id", id.description)
        out.string("subject", subject)
        out.string("content", content)
        out.int32("code", code)
        out.string("sender_id", senderID.description)
        out.timestamp("create_time", createTime)
        out.bool("persistent", persistent)
        return out.json
    }
}
