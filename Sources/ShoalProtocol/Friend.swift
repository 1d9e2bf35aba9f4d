import ShoalCore
import ShoalJSON

/// Nakama's `api.Friend`: another user as seen through my edge to them.
///
/// `state` is an Int32Value wrapper on the wire, so it is written even when it is 0 (friend).
package struct Friend: Sendable, Equatable {
    package var user: User
    package var state: FriendState
    package var updateTime: Timestamp
    /// My edge's metadata: a JSON object's text.
    package var metadata: String

    package init(user: User, state: FriendState, updateTime: Timestamp, metadata: String = "{}") {
        self.user = user
        self.state = state
        self.updateTime = updateTime
        self.metadata = metadata
    }

    package var json: JSON {
        var out = WireObject()
        out.message("user", user.json)
        out.timestamp("update_time", updateTime)
        out.string("metadata", metadata)
        var object = out.object
        object["state"] = .int(Int64(state.rawValue))
        return .object(object)
    }
}

/// Nakama's `FriendsOfFriendsList.FriendOfFriend`: a user reached through one of my friends.
package struct FriendOfFriend: Sendable, Equatable {
    /// The friend of mine who is friends with `user`.
    package var referrer: UserID
    package var user: User

    package init(referrer: UserID, user: User) {
        self.referrer = referrer
        self.user = user
    }

    package var json: JSON {
        var out = WireObject()
        out.string("referrer", referrer.description)
        out.message("user", user.json)
        return out.json
    }
}
