/// What the tracker stores about one session on one stream, beyond its identity: who the user is and
/// how the presence shows to others.
///
/// A hidden presence is tracked and counted but never appears in presence events or default listings.
/// `reason` is set by the tracker (see `PresenceReason`); a value given on track or update is replaced.
package struct PresenceMeta: Hashable, Sendable {
    package var userID: String
    package var username: String
    package var format: String?
    package var hidden: Bool
    package var persistence: Bool
    package var status: String?
    package var reason: UInt8?

    package init(
        userID: String, username: String, format: String? = nil, hidden: Bool = false, persistence: Bool = false,
        status: String? = nil, reason: UInt8? = nil
    ) {
        self.userID = userID
        self.username = username
        self.format = format
        self.hidden = hidden
        self.persistence = persistence
        self.status = status
        self.reason = reason
    }
}
