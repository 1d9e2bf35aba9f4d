/// What the write and delete decisions need to know about an object already in the store.
package struct StoredObjectState: Sendable, Equatable {
    package var version: String
    package var permissionRead: Int
    package var permissionWrite: Int

    package init(version: String, permissionRead: Int, permissionWrite: Int) {
        self.version = version
        self.permissionRead = permissionRead
        self.permissionWrite = permissionWrite
    }
}
