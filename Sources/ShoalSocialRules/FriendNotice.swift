import ShoalCore

/// The system notification a friend change sends to the other user (protocol §4.7 codes −2, −3, −9).
///
/// Subjects name the acting user; the content is `{"username": <acting user>}`. Nakama marks these
/// persistent, so they are stored for `GET /v2/notification` as well as pushed.
package enum FriendNotice: Int, Sendable, Hashable, CaseIterable {
    case request = -2
    case accepted = -3
    case removed = -9

    package var code: Int { rawValue }

    package func subject(actingUsername username: String) -> String {
        switch self {
        case .request: return "\(username) wants to add you as a friend"
        case .accepted: return "\(username) accepted your friend request"
        case .removed: return "\(username) removed you as a friend"
        }
    }
}
