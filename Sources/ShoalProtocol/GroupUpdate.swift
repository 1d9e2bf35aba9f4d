import ShoalCore

/// The fields of a group to change (`PUT /v2/group/{id}`, `nk.group_update`); nil leaves a field as it
/// is. An empty description or avatar URL clears it. `metadata` is a JSON object's text.
package struct GroupUpdate: Sendable, Equatable {
    package var name: String?
    package var creatorID: UserID?
    package var description: String?
    package var langTag: String?
    package var avatarURL: String?
    package var open: Bool?
    package var metadata: String?
    package var maxCount: Int?

    package init() {}

    package var isEmpty: Bool { self == GroupUpdate() }
}
