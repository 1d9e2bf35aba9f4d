/// A user's identity. The nil UUID is the system user that owns server-side objects.
package struct UserID: Hashable, Sendable, Comparable, CustomStringConvertible {
    package var uuid: UUIDValue
    package init(_ uuid: UUIDValue) { self.uuid = uuid }
    package init?(_ text: some StringProtocol) {
        guard let uuid = UUIDValue(text) else { return nil }
        self.uuid = uuid
    }
    package static let system = UserID(.zero)
    package var description: String { uuid.description }
    package static func < (lhs: UserID, rhs: UserID) -> Bool { lhs.uuid < rhs.uuid }
}

/// The id of one issued session; a session token and its refresh token share it (Nakama's `tid`).
package struct TokenID: Hashable, Sendable, CustomStringConvertible {
    package var uuid: UUIDValue
    package init(_ uuid: UUIDValue) { self.uuid = uuid }
    package init?(_ text: some StringProtocol) {
        guard let uuid = UUIDValue(text) else { return nil }
        self.uuid = uuid
    }
    package var description: String { uuid.description }
}

/// A node's name in the cluster; also the suffix of authoritative match ids.
package struct NodeName: Hashable, Sendable, CustomStringConvertible {
    package var value: String
    package init(_ value: String) { self.value = value }
    package var description: String { value }
}
