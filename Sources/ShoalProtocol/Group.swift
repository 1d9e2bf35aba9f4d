import ShoalCore
import ShoalJSON

/// Nakama's `api.Group` (protocol §3): a group's profile and member counts.
///
/// `open` is a BoolValue wrapper on the wire, so it is written even when false. `edgeCount` counts
/// superadmins, admins and members, never join requests or bans.
package struct Group: Sendable, Equatable {
    package var id: UUIDValue
    package var creatorID: UserID
    package var name: String
    package var description: String = ""
    package var langTag: String = "en"
    /// A JSON object's text.
    package var metadata: String = "{}"
    package var avatarURL: String = ""
    package var open: Bool = false
    package var edgeCount: Int = 0
    package var maxCount: Int = 100
    package var createTime = Timestamp(seconds: 0)
    package var updateTime = Timestamp(seconds: 0)

    package init(id: UUIDValue, creatorID: UserID, name: String) {
        self.id = id
        self.creatorID = creatorID
        self.name = name
    }

    package var json: JSON {
        var out = WireObject()
        out.string("id", id.description)
        out.string("creator_id", creatorID.description)
        out.string("name", name)
        out.string("description", description)
        out.string("lang_tag", langTag)
        out.string("metadata", metadata)
        out.string("avatar_url", avatarURL)
        out.wrappedBool("open", open)
        out.int32("edge_count", edgeCount)
        out.int32("max_count", maxCount)
        out.timestamp("create_time", createTime)
        out.timestamp("update_time", updateTime)
        return out.json
    }
}
