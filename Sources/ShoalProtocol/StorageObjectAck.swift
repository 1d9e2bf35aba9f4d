import ShoalCore
import ShoalJSON

/// What a successful write reports per object (Nakama's `api.StorageObjectAck`): its identity, new
/// version and times.
package struct StorageObjectAck: Sendable, Equatable {
    package var collection: String
    package var key: String
    package var version: String
    package var userID: UserID
    package var createTime: Timestamp
    package var updateTime: Timestamp

    package init(
        collection: String, key: String, version: String, userID: UserID, createTime: Timestamp, updateTime: Timestamp
    ) {
        self.collection = collection
        self.key = key
        self.version = version
        self.userID = userID
        self.createTime = createTime
        self.updateTime = updateTime
    }

    /// The protojson wire form.
    package var json: JSON {
        var out = WireObject()
        out.string("collection", collection)
        out.string("key", key)
        out.string("version", version)
        out.string("user_id", userID.description)
        out.timestamp("create_time", createTime)
        out.timestamp("update_time", updateTime)
        return out.json
    }
}
