import ShoalProtocol

/// Nakama's friend state machine (protocol §6.1) as pure functions of the two edges between a pair of
/// users, so every transition is decided and tested without a database.
///
/// `mine` is the acting user's edge to the other user and `theirs` the other user's edge back; nil means
/// no edge. The consistent pairs are (nil, nil), (friend, friend), (inviteSent, inviteReceived),
/// (inviteReceived, inviteSent), (blocked, nil), (nil, blocked) and (blocked, blocked); from a consistent
/// pair every operation leads to a consistent pair. Inconsistent pairs are handled without error (add
/// leaves them alone; delete and block act on whatever edges exist).
package enum FriendRules {
    /// Add (or accept): accepting their invite makes both edges `friend` and tells them (−3); with no
    /// edges at all it creates an invite (mine `inviteSent`, theirs `inviteReceived`) and tells them (−2).
    /// Anything else — an existing relationship, my block, their block — is a silent no-op. The caller
    /// stores the request's metadata on my edge when `mine` is written.
    package static func add(mine: FriendState?, theirs: FriendState?) -> FriendChange {
        switch (mine, theirs) {
        case (.inviteReceived?, .inviteSent?):
            return FriendChange(mine: .change(.friend), theirs: .change(.friend), notice: .accepted)
        case (nil, nil):
            return FriendChange(mine: .create(.inviteSent), theirs: .create(.inviteReceived), notice: .request)
        default:
            return .none
        }
    }

    /// Delete (also reject, cancel and unblock): removes my edge, and theirs unless it is a block. Ending a
    /// friendship or a pending invite tells them (−9); removing my block does not.
    package static func delete(mine: FriendState?, theirs: FriendState?) -> FriendChange {
        let theirWrite: FriendChange.EdgeWrite = (theirs == nil || theirs == .blocked) ? .keep : .remove
        let notice: FriendNotice? =
            switch mine {
            case .friend?, .inviteSent?, .inviteReceived?: theirs == .blocked ? nil : .removed
            case .blocked?, nil: nil
            }
        return FriendChange(mine: mine == nil ? .keep : .remove, theirs: theirWrite, notice: notice)
    }

    /// Block: my edge becomes `blocked` (created if missing) and theirs is removed unless they blocked me
    /// too. No notification.
    package static func block(mine: FriendState?, theirs: FriendState?) -> FriendChange {
        let theirWrite: FriendChange.EdgeWrite = (theirs == nil || theirs == .blocked) ? .keep : .remove
        return FriendChange(mine: mine == nil ? .create(.blocked) : .change(.blocked), theirs: theirWrite)
    }
}
