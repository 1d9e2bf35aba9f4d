/// Who performs a storage operation: permissions apply to clients, never to the server runtime.
///
/// Owners are canonical user id strings (the all-zero UUID for system-owned objects); the rules only compare them.
package enum StorageCaller: Sendable, Equatable {
    /// Server code (`nk.storage_*` without a caller): bypasses read and write permissions.
    case runtime
    /// A client acting as this user.
    case user(String)
}
