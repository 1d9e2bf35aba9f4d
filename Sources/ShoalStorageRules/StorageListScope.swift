/// Which objects of a collection a list call may see: those of `owner` (every owner when nil) whose read
/// permission is at least `minimumRead`.
package struct StorageListScope: Sendable, Equatable {
    package var owner: String?
    package var minimumRead: Int

    package init(owner: String?, minimumRead: Int) {
        self.owner = owner
        self.minimumRead = minimumRead
    }
}
