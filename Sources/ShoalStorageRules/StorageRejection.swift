/// Why a storage request is refused; every case is an INVALID_ARGUMENT for the client (protocol.md §5),
/// and `message` is the text Nakama sends.
package enum StorageRejection: Error, Sendable, Equatable {
    /// A conditional write found a different version, a create-only write found an object, or an update
    /// with a version found nothing.
    case versionCheckFailed
    /// A client overwrote an object whose write permission is 0.
    case permissionDenied
    /// A delete matched nothing: missing, a different version, or not writable by the client.
    case deleteRejected
    /// A write without collection, key or value.
    case writeFieldsMissing
    /// A read or delete without collection or key.
    case idFieldsMissing
    /// A collection or key longer than `StorageRules.maxNameLength` characters.
    case nameTooLong
    case valueNotObject
    case invalidReadPermission
    case invalidWritePermission
    case invalidLimit(maximum: Int)
    case invalidCursor

    package var message: String {
        switch self {
        case .versionCheckFailed: "Storage write rejected - version check failed."
        case .permissionDenied: "Storage write rejected - permission denied."
        case .deleteRejected: "Storage delete rejected - not found, version check failed, or permission denied."
        case .writeFieldsMissing: "Invalid collection, key, or value supplied. They must be set."
        case .idFieldsMissing: "Invalid collection or key value supplied. They must be set."
        case .nameTooLong: "Invalid collection or key value supplied. They must be at most 128 characters."
        case .valueNotObject: "Value must be a JSON object."
        case .invalidReadPermission: "Invalid read permission supplied. It must be either 0, 1 or 2."
        case .invalidWritePermission: "Invalid write permission supplied. It must be either 0 or 1."
        case .invalidLimit(let maximum): "Invalid limit - limit must be between 1 and \(maximum)."
        case .invalidCursor: "Malformed cursor was used."
        }
    }
}
