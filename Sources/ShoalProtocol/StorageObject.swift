import ShoalCore
import ShoalJSON

/// A stored object as clients and module code see it (Nakama's `api.StorageObject`).
///
/// `value` is the JSON object's text exactly as stored, and `version` is the lowercase hex MD5 of that text.
/// System-owned objects have `UserID.system` as owner.
package struct StorageObject: Sendable, Equatable {
    package var collection: String
    package var key: String
    package var userID: UserID
    package var value: String
    package var version: String
    package var permissionRead: Int
    package var permissionWrite: Int
    package var createTime: Timestamp
    package var updateTime: Timestamp

    package init(
        collection: String, key: String, userID: UserID, value: String, version: String, permissionRead: Int,
        permissionWrite: Int, createTime: Timestamp, updateTime: Timestamp
    ) {
        self.collection = collection
        self.key = key
        self.userID = userID
        self.value = value
        self.version = version
        self.permissionRead = permissionRead
        self.permissionWrite = permissionWrite
        self.createTime = createTime
        self.updateTime = updateTime
    }

    /// The protojson wire form.
    package var json: JSON {
        var out = WireObject()
        out.string("collection", collection)
        out.string("key", key)
        out.string("user_id", userID.description)
        out.string("value", value)
        out.string("version", version)
        out.int32("permission_read", permissionRead)
        out.int32("permission_write", permissionWrite)
        out.timestamp("create_time", createTime)
        out.timestamp("update_time", updateTime)
        return out.json
    }
}
