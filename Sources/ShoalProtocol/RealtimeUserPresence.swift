import ShoalJSON

/// Nakama's `rtapi.UserPresence`: one session of one user on a channel, match or status stream, the unit
/// every realtime presence list and join/leave event carries.
///
/// Ids are kept as wire text: presences a client sends (the `match_data_send` target filter) are checked by
/// the pipeline, which answers BAD_INPUT rather than closing the socket. `status` is a StringValue wrapper,
/// set only on status presences, and then written even when empty.
package struct UserPresence: Sendable, Equatable, Hashable {
    package var userID: String
    package var sessionID: String
    package var username: String
    package var persistence: Bool
    package var status: String?

    package init(userID: String, sessionID: String, username: String, persistence: Bool = false, status: String? = nil) {
        self.userID = userID
        self.sessionID = sessionID
        self.username = username
        self.persistence = persistence
        self.status = status
    }

    init(from input: RealtimeInput) throws(EnvelopeError) {
        self.init(
            userID: try input.string("user_id") ?? "", sessionID: try input.string("session_id") ?? "",
            username: try input.string("username") ?? "", persistence: try input.bool("persistence") ?? false,
            status: try input.string("status"))
    }

    package var json: JSON {
        var out = WireObject()
        out.string("user_id", userID)
        out.string("session_id", sessionID)
        out.string("username", username)
        out.bool("persistence", persistence)
        out.wrappedString("status", status)
        return out.json
    }
}
