import ShoalCore
import ShoalJSON

/// One object to write: its identity, the JSON object text to store, the version condition ("" upsert,
/// "*" create only, otherwise the stored version it must match) and its permissions.
package struct StorageWrite: Sendable, Equatable {
    package var collection: String
    package var key: String
    package var userID: UserID
    package var value: String
    package var version: String
    package var permissionRead: Int
    package var permissionWrite: Int

    package init(
        collection: String, key: String, userID: UserID, value: String, version: String = "", permissionRead: Int = 1,
        permissionWrite: Int = 1
    ) {
        self.collection = collection
        self.key = key
        self.userID = userID
        self.value = value
        self.version = version
        self.permissionRead = permissionRead
        self.permissionWrite = permissionWrite
    }

    /// The `objects` of a WriteStorageObjects request; clients always write as `owner`. Absent
    /// permissions (Int32Value wrappers) default to 1.
    package static func decodeList(from message: WireInput, owner: UserID) throws(APIError) -> [StorageWrite] {
        try StorageObjectID.messages(message, "objects").map { (item) throws(APIError) in
            func permission(_ name: String) throws(APIError) -> Int {
                guard let value = try item.integer(name) else { return 1 }
                return Int(clamping: value)
            }
            return StorageWrite(
                collection: try item.string("collection") ?? "", key: try item.string("key") ?? "", userID: owner,
                value: try item.string("value") ?? "", version: try item.string("version") ?? "",
                permissionRead: try permission("permission_read"), permissionWrite: try permission("permission_write"))
        }
    }
}
