/// Nakama's storage rules as pure decisions (protocol.md §5): who may read, write and delete an object,
/// how a write's `version` condition is checked, and what a request must contain. The shell reads the
/// stored state, asks here, then acts; nothing here touches the database.
///
/// Permissions: read 0 = server only, 1 = owner, 2 = public; write 0 = server only, 1 = owner.
/// The runtime (`StorageCaller.runtime`) bypasses both.
package enum StorageRules {
    package static let maxNameLength = 128
    package static let defaultPermissionRead = 1
    package static let defaultPermissionWrite = 1
    /// Largest `limit` of a client list call.
    package static let maxClientListLimit = 100
    /// Largest `limit` of a runtime list call.
    package static let maxRuntimeListLimit = 10_000

    /// What a permitted write does.
    package enum WriteAction: Sendable, Equatable {
        case insert
        case update
    }

    /// What a permitted delete does: remove the object, or nothing (an unconditional runtime delete of a
    /// missing object).
    package enum DeleteAction: Sendable, Equatable {
        case delete
        case skip
    }

    // MARK: Validation

    /// Collection and key of a read or delete: both set, neither over `maxNameLength` characters.
    package static func validateID(collection: String, key: String) throws(StorageRejection) {
        guard !collection.isEmpty, !key.isEmpty else { throw .idFieldsMissing }
        guard collection.count <= maxNameLength, key.count <= maxNameLength else { throw .nameTooLong }
    }

    /// A write: collection, key and value set, the value a JSON object, permissions in range.
    /// `valueIsObject` is the shell's parse of the value text.
    package static func validateWrite(
        collection: String, key: String, value: String, valueIsObject: Bool, permissionRead: Int, permissionWrite: Int
    ) throws(StorageRejection) {
        guard !collection.isEmpty, !key.isEmpty, !value.isEmpty else { throw .writeFieldsMissing }
        guard collection.count <= maxNameLength, key.count <= maxNameLength else { throw .nameTooLong }
        guard (0...2).contains(permissionRead) else { throw .invalidReadPermission }
        guard (0...1).contains(permissionWrite) else { throw .invalidWritePermission }
        guard valueIsObject else { throw .valueNotObject }
    }

    /// The list `limit`: absent means 1 (Nakama's default); otherwise 1...maximum.
    package static func listLimit(_ requested: Int64?, maximum: Int = maxClientListLimit) throws(StorageRejection) -> Int {
        guard let requested else { return 1 }
        guard requested >= 1, requested <= Int64(maximum) else { throw .invalidLimit(maximum: maximum) }
        return Int(requested)
    }

    // MARK: Decisions

    /// Whether `caller` sees an object: read 2 is public, read 1 is the owner's, read 0 is the server's.
    package static func canRead(permissionRead: Int, owner: String, caller: StorageCaller) -> Bool {
        switch caller {
        case .runtime: return true
        case .user(let user): return permissionRead >= 2 || (permissionRead == 1 && owner == user)
        }
    }

    /// The action for a write given the object's stored state (nil when absent) and the requested version:
    /// "" = upsert, "*" = create only, anything else = update only when it equals the stored version.
    /// Clients write only their own objects, so ownership is not checked here; a client may not
    /// overwrite an object whose write permission is 0.
    package static func write(existing: StoredObjectState?, requestedVersion: String, caller: StorageCaller)
        throws(StorageRejection) -> WriteAction
    {
        switch requestedVersion {
        case "*":
            guard existing == nil else { throw .versionCheckFailed }
            return .insert
        case "":
            guard let existing else { return .insert }
            if caller != .runtime && existing.permissionWrite == 0 { throw .permissionDenied }
            return .update
        default:
            guard let existing, existing.version == requestedVersion else { throw .versionCheckFailed }
            if caller != .runtime && existing.permissionWrite == 0 { throw .permissionDenied }
            return .update
        }
    }

    /// The action for a delete. A client delete must remove something it may write (and, with a version,
    /// that version); the runtime may delete anything and misses silently unless it gave a version.
    package static func delete(existing: StoredObjectState?, requestedVersion: String, caller: StorageCaller)
        throws(StorageRejection) -> DeleteAction
    {
        guard let existing else {
            if caller == .runtime && requestedVersion.isEmpty { return .skip }
            throw .deleteRejected
        }
        if !requestedVersion.isEmpty && existing.version != requestedVersion { throw .deleteRejected }
        if caller != .runtime && existing.permissionWrite == 0 { throw .deleteRejected }
        return .delete
    }

    /// Which objects a list shows. Clients: no owner → everyone's public objects; their own → read ≥ 1;
    /// another user's → that user's public objects. The runtime sees every object of the owner (or of all).
    package static func listScope(owner: String?, caller: StorageCaller) -> StorageListScope {
        switch caller {
        case .runtime:
            return StorageListScope(owner: owner, minimumRead: 0)
        case .user(let user):
            guard let owner else { return StorageListScope(owner: nil, minimumRead: 2) }
            return StorageListScope(owner: owner, minimumRead: owner == user ? 1 : 2)
        }
    }
}
