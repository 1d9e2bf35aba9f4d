import ShoalPresence

/// A presence of session `session` on `node`, for the tracker's event scripts.
func presence(
    _ session: String, node: String = "a", on stream: PresenceStream, user: String = "u1",
    hidden: Bool = false, status: String? = nil, reason: UInt8? = nil
) -> Presence {
    Presence(
        id: PresenceID(node: node, sessionID: session), stream: stream,
        meta: PresenceMeta(userID: user, username: "name-\(user)", hidden: hidden, status: status, reason: reason))
}

/// `presence` as the tracker returns it: with its reason stamped.
func stamped(_ presence: Presence, _ reason: UInt8) -> Presence {
    var copy = presence
    copy.meta.reason = reason
    return copy
}
